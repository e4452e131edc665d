/**
 * The generated plan as plain data: what the ProgramGenerated event carries (with ids added by
 * the program generator) and what the projections store. Dates are 'YYYY-MM-DD' in the user's
 * time zone; `day` counts program days from 1 (the start date).
 */

export interface PlannedExercise {
  exerciseId: string;
  /** 1-based order within the session. */
  position: number;
  sets: number;
  repsMin: number;
  repsMax: number;
  /** Reps in reserve to stop at (0-5). */
  targetRir: number;
  restSeconds: number;
  /** Starting load from an estimated 1RM, when the user gave one; else null (RIR cue only). */
  loadKg: number | null;
  notes: string | null;
}

export interface PlannedSession {
  week: number;
  day: number;
  date: string;
  /** e.g. 'Upper A' */
  name: string;
  /** e.g. 'upper', 'lower', 'push', 'pull', 'legs', 'full_body' */
  focus: string;
  isDeload: boolean;
  estimatedMinutes: number;
  exercises: PlannedExercise[];
}

export interface PlannedMealItem {
  foodId: string;
  position: number;
  grams: number;
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
}

export interface PlannedMeal {
  week: number;
  day: number;
  date: string;
  /** 1-based order within the day. */
  slot: number;
  /** e.g. 'Breakfast', 'Lunch', 'Snack', 'Dinner' */
  name: string;
  /** Sums of the items. */
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
  items: PlannedMealItem[];
}

export type Weekday = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';
