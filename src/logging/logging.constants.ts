/**
 * Every number the logging, matching and adherence logic uses, in one place (design.md habit 8).
 */

/** How far from a planned session's local day an activity may be matched automatically (issue #7). */
export const MATCH_WINDOW_DAYS = 1;

/**
 * The similarity score's weights (they sum to 1). Exercise overlap carries most because it says
 * whether this was the planned session at all; volume says how much of it was done; duration and
 * kind are weak signals on their own. Components that cannot be computed (no exercises logged)
 * drop out and the rest are renormalised.
 */
export const SIMILARITY_WEIGHTS = { kind: 0.15, overlap: 0.4, volume: 0.3, duration: 0.15 } as const;

/**
 * Credit for a logged exercise that is not the planned one but trains the same movement pattern
 * and shares a primary muscle (a goblet squat for a back squat).
 */
export const SAME_PATTERN_CREDIT = 0.75;

/**
 * Compliance bands for training, as endurance platforms colour a completed workout against its
 * plan (TrainingPeaks, "Compliance scoring": green 80-120 % of planned duration or load, yellow
 * 50-79 % or 121-150 %, orange outside, red for nothing done). Issue #7 names the same bands.
 */
export const TRAINING_COMPLETED_BAND = { min: 0.8, max: 1.2 } as const;
export const TRAINING_PARTIAL_BAND = { min: 0.5, max: 1.5 } as const;

/**
 * A logged session is "similar" rather than the planned one when fewer than this share of the
 * planned sets were the same exercises, but at least this share were the same pattern.
 */
export const SIMILAR_EXACT_SHARE_BELOW = 0.5;
export const SIMILAR_PATTERN_SHARE_AT_LEAST = 0.5;

/** Meal bands on energy (issue #7): within ±10 % completed, within ±25 % partial. */
export const MEAL_COMPLETED_TOLERANCE = 0.1;
export const MEAL_PARTIAL_TOLERANCE = 0.25;

/**
 * Training load (Foster et al. 2001, "A new approach to monitoring exercise training", J Strength
 * Cond Res 15(1):109-115): session load = session RPE (CR-10) x minutes, in arbitrary units.
 * Acute:chronic workload ratio over 7 and 28 days (Gabbett 2016, Br J Sports Med 50:273-280;
 * above 1.5 is the "danger zone" the daily adjustment reacts to). Fitness and fatigue from the
 * impulse-response model (Banister et al. 1975; Calvert et al. 1976) with the usual 42- and
 * 7-day time constants; form = fitness - fatigue.
 */
export const ACUTE_DAYS = 7;
export const CHRONIC_DAYS = 28;
export const FITNESS_TAU_DAYS = 42;
export const FATIGUE_TAU_DAYS = 7;

/**
 * A planned session's load, for planned-vs-actual training load: its minutes at a session RPE
 * derived from the target reps in reserve (RIR 0 ~ RPE 10, RIR 4+ ~ RPE 6; Zourdos et al. 2016,
 * "Novel resistance training-specific RPE scale measuring repetitions in reserve"), capped to CR-10.
 */
export const PLANNED_RPE_AT_RIR0 = 10;

/** Input bounds (issue #7 "Bad input"). */
export const LOG_LIMITS = {
  /** Logs may be up to a day ahead of now (time-zone slack, a planned evening session logged early). */
  futureHours: 24,
  /** How far back a log may be written (a season's diary import). */
  pastDays: 3 * 366,
  durationMinutes: { min: 1, max: 24 * 60 - 1 },
  rpe: { min: 0, max: 10 },
  distanceKm: { min: 0, max: 1000 },
  averageHeartRate: { min: 25, max: 250 },
  exercises: 40,
  setsPerExercise: 30,
  reps: { min: 0, max: 1000 },
  loadKg: { min: 0, max: 1000 },
  rir: { min: 0, max: 10 },
  notes: 2000,
  mealItems: 50,
  grams: { min: 0.1, max: 5000 },
  freeformKcal: { min: 0, max: 10000 },
  freeformMacroG: { min: 0, max: 1000 },
  name: 200,
} as const;

/**
 * How far a free-form item's kcal may sit from 4/4/9 Atwater arithmetic on its macros: general
 * factors differ from specific ones and from measured values by up to ~20 % for some foods
 * (FAO 2003, "Food energy - methods of analysis and conversion factors", ch. 3), plus alcohol and
 * fibre that the item may not list; with a small absolute slack for near-zero items.
 */
export const ATWATER_TOLERANCE = { relative: 0.2, absoluteKcal: 20 } as const;
