import { unknownEvent } from '../core/decider';
import type { Assessment } from '../adherence/adherence.rules';

/** Each meal log is its own stream (see activityStream). */
export const mealLogStream = (mealLogId: string): string => `meal-log-${mealLogId}`;

export interface Macros {
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
}

/** One thing eaten: a catalog food by weight, or a free-form item with its own figures. */
export interface EatenItem extends Macros {
  foodId: string | null;
  name: string;
  grams: number | null;
}

export interface MealFactsData {
  eatenAt: string;
  localDate: string;
  timeZone: string;
  /** The meal of the day it was meant as (1 = first), when the person said. */
  slot: number | null;
  name: string | null;
  items: EatenItem[];
  totals: Macros;
  notes: string | null;
}

/** Planned vs eaten energy and macros, and their differences (meals.adherence_json). */
/** A meal log's display name: the one given, else its single item's, else its item count. */
export const mealName = (meal: Pick<MealFactsData, 'name' | 'items'>): string =>
  meal.name ?? (meal.items.length === 1 ? meal.items[0].name : `${meal.items.length} items`);

export interface MealComparison {
  planned: Macros;
  actual: Macros;
  delta: Macros;
}

export interface MealMatch {
  plannedMealId: string;
  programId: string;
  plannedDate: string;
  slot: number;
  matchedBy: 'explicit' | 'auto';
  comparison: MealComparison;
  assessment: Assessment;
}

export interface MealLoggedData {
  mealLogId: string;
  userId: string;
  meal: MealFactsData;
  match: MealMatch | null;
  at: string;
}

export interface MealLogEditedData extends MealLoggedData {
  previousPlannedMealId: string | null;
}

export interface MealLogDeletedData {
  mealLogId: string;
  userId: string;
  previousPlannedMealId: string | null;
  at: string;
}

export type MealLogEvent =
  | { type: 'MealLogged'; data: MealLoggedData }
  | { type: 'MealLogEdited'; data: MealLogEditedData }
  | { type: 'MealLogDeleted'; data: MealLogDeletedData };

export type MealLogState =
  | { status: 'none' }
  | { status: 'logged' | 'deleted'; mealLogId: string; userId: string; meal: MealFactsData; match: MealMatch | null; version: number };

export const initialMealLogState: MealLogState = { status: 'none' };

export function evolveMealLog(state: MealLogState, event: MealLogEvent): MealLogState {
  const version = state.status === 'none' ? 1 : state.version + 1;
  switch (event.type) {
    case 'MealLogged':
    case 'MealLogEdited': {
      const { mealLogId, userId, meal, match } = event.data;
      return { status: 'logged', mealLogId, userId, meal, match, version };
    }
    case 'MealLogDeleted':
      return state.status === 'none' ? state : { ...state, status: 'deleted', match: null, version };
    default:
      return unknownEvent(event as never, state);
  }
}
