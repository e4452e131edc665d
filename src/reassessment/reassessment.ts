import { unknownEvent } from '../core/decider';
import type { NutritionTargets, NutritionGoal, Sex } from '../programs/nutrition/targets';
import type { ProgramChangeEvent, ReassessmentAppliedData } from '../programs/planChange.contracts';
import type { StoredMeal, StoredSession } from '../programs/program';
import type { Evidence, EvidenceRows } from './evidence';
import type { NutritionControllerOutput, NutritionControllerState } from './nutritionController';
import type { Experience, TrainingControllerOutput } from './trainingController';

/** Why a reassessment ran: asked for (runReassessment) or found due by the sweep. */
export type ReassessmentTrigger = 'on_demand' | 'sweep';

/**
 * What src/reassessment puts in ReassessmentAppliedData.reassessment: the evidence, the
 * controllers' inputs, outputs and state, so a reassessment is explainable and reproducible from
 * the log (the next one folds `nutrition.state`).
 */
export interface ReassessmentRecord {
  controllerVersion: number;
  trigger: ReassessmentTrigger;
  /** The person's local day it ran on. */
  date: string;
  /** The goal's weekly rate the nutrition controller aimed at, % body weight (negative = loss). */
  targetRatePctPerWeek: number;
  evidence: Evidence;
  nutrition: NutritionControllerOutput;
  training: Omit<TrainingControllerOutput, 'sessions' | 'reasons'>;
}

/** The program stream as a reassessment sees it. */
export interface ReassessmentState {
  version: number;
  /** The due date set by the last reassessment (null: the generated one, in the lookups, holds). */
  nextReassessmentDate: string | null;
  lastDate: string | null;
  nutrition: NutritionControllerState | null;
}

export const initialReassessmentState: ReassessmentState = { version: 0, nextReassessmentDate: null, lastDate: null, nutrition: null };

export function evolveReassessment(state: ReassessmentState, event: Pick<ProgramChangeEvent, 'type' | 'data'>): ReassessmentState {
  switch (event.type) {
    case 'PlanChangedByPerson':
      return { ...state, version: state.version + 1 };
    case 'ReassessmentApplied': {
      const data = event.data as Partial<ReassessmentAppliedData>;
      const record = (data.reassessment ?? {}) as Partial<ReassessmentRecord>;
      return {
        version: state.version + 1,
        nextReassessmentDate: data.nextReassessmentDate ?? state.nextReassessmentDate,
        lastDate: record.date ?? state.lastDate,
        nutrition: record.nutrition?.state ?? state.nutrition,
      };
    }
    default:
      return unknownEvent(event as never, { ...state, version: state.version + 1 });
  }
}

/** Everything decide reads besides the stream: the program's read model, the person and the evidence rows. */
export interface ReassessmentInputs {
  program: {
    id: string;
    userId: string;
    status: string;
    startDate: string;
    endDate: string;
    /** programs.version: the change stream's version the read model reflects. */
    version: number;
    nextReassessmentDate: string | null;
    timeZone: string;
    /** The targets in force going forward. */
    targets: NutritionTargets;
  };
  person: {
    sex: Sex;
    goal: NutritionGoal;
    targetRatePct: number | null;
    experience: Experience;
    heightCm: number;
    weightKg: number;
    bodyFatPct: number | null;
  };
  rows: EvidenceRows;
  futureSessions: StoredSession[];
  futureMeals: StoredMeal[];
}
