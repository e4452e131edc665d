import type { NutritionTargets } from './nutrition/targets';
import type { PlanDiff } from './planChange.contracts';
import type { ProgramBundle, StoredMeal, StoredSession } from './program';

/** The targets in force from a day on; a program's list starts with its generation's (from its start date). */
export interface TargetsFrom {
  from: string;
  targets: NutritionTargets;
}

/** A program's plan at one version: the generated bundle with every change up to it applied. */
export interface PlanSnapshot extends ProgramBundle {
  /** Ascending by `from`; the first is the generated targets from the start date. */
  targets: TargetsFrom[];
  nextReassessmentDate: string | null;
}

const byDateThenName = (a: StoredSession, b: StoredSession): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.name.localeCompare(b.name));
const byDateThenSlot = (a: StoredMeal, b: StoredMeal): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.slot - b.slot);

/**
 * Applies a plan diff to a bundle (pure; the inputs are not changed): sessions and meals are
 * written whole by id (replaced, or added when new), removed sessions dropped. The result is in
 * date order (sessions by name within a day, meals by slot), as the read models list them.
 */
export function applyPlanDiff(bundle: ProgramBundle, diff: PlanDiff): ProgramBundle {
  const removed = new Set(diff.removedSessionIds);
  const sessions = new Map(bundle.sessions.map((s) => [s.id, s]));
  for (const session of diff.sessions) sessions.set(session.id, session);
  for (const id of removed) sessions.delete(id);
  const meals = new Map(bundle.meals.map((m) => [m.id, m]));
  for (const meal of diff.meals) meals.set(meal.id, meal);
  return {
    sessions: [...sessions.values()].sort(byDateThenName),
    meals: [...meals.values()].sort(byDateThenSlot),
  };
}

/** A targets history with `change` in force from its day: entries from that day on give way to it. */
export function applyTargets(history: readonly TargetsFrom[], change: PlanDiff['targets']): TargetsFrom[] {
  if (!change) return [...history];
  return [...history.filter((entry) => entry.from < change.from), { from: change.from, targets: change.targets }];
}

/** The targets in force on a day: the newest entry from that day or before, else the first. */
export function targetsOn<T extends { from: string }>(history: readonly T[], date: string): T | null {
  let found: T | null = history[0] ?? null;
  for (const entry of history) if (entry.from <= date) found = entry;
  return found;
}

/** A snapshot with one more change applied (a plan change event's diff, and a reassessment's next date). */
export function applyToSnapshot(snapshot: PlanSnapshot, diff: PlanDiff, nextReassessmentDate?: string | null): PlanSnapshot {
  return {
    ...applyPlanDiff(snapshot, diff),
    targets: applyTargets(snapshot.targets, diff.targets),
    nextReassessmentDate: nextReassessmentDate === undefined ? snapshot.nextReassessmentDate : nextReassessmentDate,
  };
}
