import { unknownEvent } from '../core/decider';
import type { NutritionTargets } from './nutrition/targets';
import type { PlannedExercise, PlannedMeal, PlannedMealItem, PlannedSession } from './plan.types';

/** Bump when the generator's output for the same consultation changes (the golden test tells). */
export const GENERATOR_VERSION = 2;

/** Days from a program's start to its first reassessment (design.md: every two weeks). */
export const REASSESSMENT_INTERVAL_DAYS = 14;

/** A user's programs live in one stream, so generating and superseding are one atomic append. */
export const programsStream = (userId: string): string => `programs-${userId}`;

export interface StoredSession extends Omit<PlannedSession, 'exercises'> {
  id: string;
  exercises: Array<PlannedExercise & { id: string }>;
}

export interface StoredMeal extends Omit<PlannedMeal, 'items'> {
  id: string;
  items: Array<PlannedMealItem & { id: string }>;
}

export interface ProgramBundle {
  sessions: StoredSession[];
  meals: StoredMeal[];
}

export interface ProgramGeneratedData {
  programId: string;
  userId: string;
  consultationId: string;
  generatorVersion: number;
  startDate: string;
  endDate: string;
  weeks: number;
  timeZone: string;
  split: string;
  /** Daily energy and macro targets, with how they were derived. */
  targets: NutritionTargets;
  nextReassessmentDate: string;
  /** The program this one replaces from its start date, if any. */
  supersedes: { programId: string; from: string } | null;
  at: string;
  /** Every session, exercise, meal and item; the state never reads it (see omitDataKeys). */
  bundle: ProgramBundle;
}

export type ProgramEvent = { type: 'ProgramGenerated'; data: ProgramGeneratedData };

export interface ProgramSummary {
  programId: string;
  consultationId: string;
  startDate: string;
  endDate: string;
}

export interface ProgramsState {
  /** The program in force, if any. */
  current: ProgramSummary | null;
  generated: number;
  /** The first program generated from each consultation (its completion's), by consultation id. */
  firstOf: Readonly<Record<string, string>>;
}

export const initialProgramsState: ProgramsState = { current: null, generated: 0, firstOf: {} };

export function evolvePrograms(state: ProgramsState, event: ProgramEvent): ProgramsState {
  switch (event.type) {
    case 'ProgramGenerated': {
      const { programId, consultationId, startDate, endDate } = event.data;
      const firstOf = consultationId in state.firstOf ? state.firstOf : { ...state.firstOf, [consultationId]: programId };
      return { current: { programId, consultationId, startDate, endDate }, generated: state.generated + 1, firstOf };
    }
    default:
      return unknownEvent(event.type as never, state);
  }
}
