/**
 * What the simulation holds every reassessment to (issue #9 "done when"): no calorie target below
 * the floor, and no change larger than the clamp.
 */
import type { ReassessmentRecord } from './runner';

/**
 * The clamp on one reassessment's change of the daily target (issue #9: "at most +-10 % or
 * +-250 kcal per reassessment"), read as the smaller of the two: the strict reading, so the check
 * fails if the controller allows either bound to be passed. The controller reads it the same way
 * (src/reassessment/reassessment.constants.ts); this copy is kept apart so the check is independent.
 */
export const REASSESSMENT_CLAMP = { fraction: 0.1, kcal: 250 } as const;

/** Targets are whole kcal: a change may pass the bound by the rounding of the two targets. */
export const ROUNDING_SLACK_KCAL = 1;

export function reassessmentChangeLimitKcal(previousKcal: number): number {
  return Math.min(REASSESSMENT_CLAMP.fraction * previousKcal, REASSESSMENT_CLAMP.kcal);
}

export interface InvariantBreach {
  kind: 'floor' | 'clamp';
  userIndex: number;
  date: string;
  detail: string;
}

export function breachesOf(index: number, record: ReassessmentRecord): InvariantBreach[] {
  const out: InvariantBreach[] = [];
  if (record.newKcal < record.floorKcal - ROUNDING_SLACK_KCAL) {
    out.push({ kind: 'floor', userIndex: index, date: record.date, detail: `target ${record.newKcal} kcal below the floor ${Math.round(record.floorKcal)} kcal` });
  }
  if (Math.abs(record.changeKcal) > record.limitKcal + ROUNDING_SLACK_KCAL) {
    out.push({ kind: 'clamp', userIndex: index, date: record.date, detail: `change ${record.changeKcal} kcal beyond the clamp ${Math.round(record.limitKcal)} kcal` });
  }
  return out;
}
