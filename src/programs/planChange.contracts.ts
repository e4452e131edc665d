/**
 * The shapes issue #9's parts share: a program's changes after it was generated (the person's
 * own plan changes and the bi-weekly reassessments), each carrying the concrete change to the plan
 * (a PlanDiff) and its explanation. The program projection applies any diff the same way, and
 * plan history folds the same diffs over the generated bundle (`program(id, asOfVersion)`), so the
 * read models and the history cannot disagree.
 */
import type { NutritionTargets } from './nutrition/targets';
import type { StoredMeal, StoredSession } from './program';

/**
 * One stream per program for what happens to it after generation (ProgramGenerated stays in
 * `programs-<userId>`). A program's version is this stream's version: 0 as generated, N after N
 * changes. `expectedVersion` on a plan change and `asOfVersion` on `program` use it.
 */
export const programStream = (programId: string): string => `program-${programId}`;

/**
 * The concrete change to a program's plan, whole rows at a time, so applying it needs no lookup:
 * - sessions / meals: written whole by id (a new one is added; an existing one is replaced, its
 *   date, exercises or items included; ids of exercises and items are kept where the item stays);
 * - removedSessionIds: sessions taken off the plan (a skip the person chose);
 * - targets: the daily targets in force from `from` on (a reassessment); earlier days keep theirs.
 * Only days after the change's own day are touched (the past is never rewritten).
 */
export interface PlanDiff {
  sessions: StoredSession[];
  meals: StoredMeal[];
  removedSessionIds: string[];
  targets: { from: string; targets: NutritionTargets } | null;
}

export const EMPTY_PLAN_DIFF: PlanDiff = { sessions: [], meals: [], removedSessionIds: [], targets: null };

/** Who or what changed the plan, and why, in words a person understands. */
export interface PlanChangeExplanation {
  actor: 'person' | 'reassessment';
  /** One sentence, e.g. "You moved Upper A from Monday 9 March to Tuesday 10 March." */
  summary: string;
  reasons: Array<{ code: string; message: string }>;
}

/** The person's own changes (changePlan). */
export type PersonPlanChange =
  | { kind: 'reschedule_session'; sessionId: string; toDate: string }
  | { kind: 'swap_exercise'; plannedExerciseId: string; exerciseId: string }
  | { kind: 'swap_meal_item'; plannedMealItemId: string; foodId: string }
  | { kind: 'skip_session'; sessionId: string };

export interface PlanChangedByPersonData {
  programId: string;
  userId: string;
  change: PersonPlanChange;
  diff: PlanDiff;
  explanation: PlanChangeExplanation;
  at: string;
}

/**
 * A reassessment's outcome (issue #9 item 1): the evidence and controller state that explain and
 * reproduce it live in `reassessment` (owned by src/reassessment); the plan change in `diff`.
 */
export interface ReassessmentAppliedData {
  programId: string;
  userId: string;
  reassessmentId: string;
  /** The evidence window, local dates inclusive. */
  window: { from: string; to: string };
  /** First day the new targets and rescaled plan apply (the day after the reassessment's local day). */
  effectiveFrom: string;
  nextReassessmentDate: string;
  /** Controller inputs, state (integral, last error, estimates) and outputs: src/reassessment's own shape. */
  reassessment: Record<string, unknown>;
  diff: PlanDiff;
  explanation: PlanChangeExplanation;
  at: string;
}

export type ProgramChangeEvent =
  | { type: 'PlanChangedByPerson'; data: PlanChangedByPersonData }
  | { type: 'ReassessmentApplied'; data: ReassessmentAppliedData };
