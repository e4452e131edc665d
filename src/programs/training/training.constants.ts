/**
 * Constants for the training-plan generator (see ./trainingPlan.ts). Every number has a name and
 * a source. Where a value is our own choice within (or between) published ranges, the comment
 * says so.
 */

// ---------------------------------------------------------------------------
// Calendar and input bounds
// ---------------------------------------------------------------------------

export const DAYS_PER_WEEK = 7; // calendar; a program "week" is a 7-day block from the start date

/** Input bounds (the consultation's allowed ranges). */
export const TRAINING_DAYS_MIN = 1;
export const TRAINING_DAYS_MAX = 7;
export const SESSION_MINUTES_MIN = 20;
export const SESSION_MINUTES_MAX = 180;
export const PROGRAM_WEEKS_MIN = 4;
export const PROGRAM_WEEKS_MAX = 24;

/**
 * At most 6 training days a week: with 7 preferred weekdays the last one (Sunday) becomes a rest
 * day. Our rule: at least one full rest day a week is standard advice for recovery, e.g. ACSM.
 * American College of Sports Medicine position stand. Progression models in resistance training
 * for healthy adults. Med Sci Sports Exerc. 2009;41(3):687-708 (frequencies of up to 4-6 days a
 * week for advanced lifters; no recommendation goes beyond 6).
 */
export const MAX_TRAINING_DAYS_PER_WEEK = 6;

/**
 * Split thresholds (days per week → split), our choice following ACSM 2009 (novice: 2-3 total-body
 * days; intermediate: 3-4 days, upper/lower at 4; advanced: 4-6 days, muscle-group splits) and
 * Schoenfeld BJ, Ogborn D, Krieger JW. Effects of resistance training frequency on measures of
 * muscle hypertrophy: a systematic review and meta-analysis. Sports Med. 2016;46(11):1689-1697
 * (train each muscle at least twice a week — every split below does, except 1 day).
 *  - 1-3 days: full body.
 *  - 4 days: upper/lower (all levels, beginners too: each muscle still twice a week, shorter
 *    sessions than 4 full-body days).
 *  - 5 days: push/pull/legs + upper/lower (each muscle twice a week).
 *  - 6 days (and 7, capped to 6): push/pull/legs twice.
 */
export const FULL_BODY_MAX_DAYS = 3;
export const UPPER_LOWER_DAYS = 4;

// ---------------------------------------------------------------------------
// Weekly volume (hard sets per muscle per week)
// ---------------------------------------------------------------------------

/**
 * Volume landmarks, hard sets (to within ~0-4 RIR) per muscle per week, counted fractionally: a
 * set counts 1 for each primary muscle and SECONDARY_MUSCLE_SET_CREDIT for each secondary one.
 * Sources:
 *  - Schoenfeld BJ, Ogborn D, Krieger JW. Dose-response relationship between weekly resistance
 *    training volume and increases in muscle mass: a systematic review and meta-analysis.
 *    J Sports Sci. 2017;35(11):1073-1082 — graded response; 10+ sets/muscle/week > 5-9 > <5.
 *  - Israetel M, Hoffmann J, Smith CW (Renaissance Periodization). Scientific Principles of
 *    Hypertrophy Training, 2021, and the RP volume-landmark guides: for intermediates, MEV ~8-10,
 *    MAV ~12-20, MRV ~20-25 sets/muscle/week for most muscles.
 *  - Beginners respond to much less (ACSM 2009: novices 1-3 sets per exercise).
 * Bands (our choice within those figures): beginner 6-12, intermediate 10-20, advanced 12-22.
 */
export const WEEKLY_SET_LANDMARKS = {
  BEGINNER: { min: 6, max: 12 },
  INTERMEDIATE: { min: 10, max: 20 },
  ADVANCED: { min: 12, max: 22 },
} as const;

/**
 * Where in the band the generator aims, as a fraction of (max − min) above min, by goal. Our
 * choice: more volume for hypertrophy (Schoenfeld 2017 dose-response), the bottom for maintenance
 * (Bickel CS, Cross JM, Bamman MM. Exercise dosing to retain resistance training adaptations in
 * young and older adults. Med Sci Sports Exerc. 2011;43(7):1177-1187 — size and strength kept with
 * ~1/3 of the building volume, so the band's minimum is ample), and volume kept but not pushed in
 * a deficit (Helms ER, Aragon AA, Fitschen PJ. J Int Soc Sports Nutr. 2014;11:20; Helms ER et al.
 * Recommendations for natural bodybuilding contest preparation: resistance and cardiovascular
 * training. J Sports Med Phys Fitness. 2015;55(3):164-178 — keep training volume/intensity in prep).
 */
export const WEEKLY_SET_TARGET_FRACTION = {
  MUSCLE_GAIN: 0.4,
  RECOMPOSITION: 0.3,
  PERFORMANCE: 0.2,
  FAT_LOSS: 0.2,
  MAINTENANCE: 0,
} as const;

/**
 * A set counts half for a secondary (synergist) muscle: the "fractional" counting of Pelland JC,
 * Remmert JF, Robinson ZP, et al. The resistance training dose-response: meta-regressions
 * exploring the effects of weekly volume and frequency on muscle hypertrophy and strength gain.
 * SportRxiv preprint, 2024 (counts indirect sets as 0.5 of a set).
 */
export const SECONDARY_MUSCLE_SET_CREDIT = 0.5;

/**
 * The major muscles whose weekly sets are held within the landmarks (when the equipment and
 * injuries leave an exercise that trains them as a primary mover). Front delts, traps, forearms,
 * lower back, adductors, abductors and obliques are trained indirectly by the compounds (RP lists
 * an MEV of ~0 for front delts and traps) and are only capped at the band's maximum.
 */
export const MAJOR_MUSCLES = [
  'quads', 'hamstrings', 'glutes', 'chest', 'lats', 'upper_back',
  'side_delts', 'rear_delts', 'biceps', 'triceps', 'calves', 'abs',
] as const;

/**
 * Sets per exercise per session. Minimum 2: multiple sets beat single sets (Krieger JW. Single vs.
 * multiple sets of resistance exercise for muscle hypertrophy: a meta-analysis. J Strength Cond
 * Res. 2010;24(4):1150-1159; ACSM 2009: 1-3 sets for novices, multiple sets for progression).
 * Preferred (before another exercise is added for the muscle): 3 for compounds, 2 for isolation
 * (ACSM 2009: 1-3 sets per exercise; our choice). Maximum 5 per exercise and 10 hard sets per
 * muscle per session (RP / Israetel 2021: beyond ~8-10 sets for a muscle in one session extra sets
 * add little; our cut-off).
 */
export const MIN_SETS_PER_EXERCISE = 2;
export const PREFERRED_SETS_COMPOUND = 3;
export const PREFERRED_SETS_ISOLATION = 2;
export const MAX_SETS_PER_EXERCISE = 5;
export const MAX_SETS_PER_MUSCLE_PER_SESSION = 10;

// ---------------------------------------------------------------------------
// Repetitions, effort (RIR) and rest
// ---------------------------------------------------------------------------

/**
 * Rep ranges by goal for compound and isolation exercises. Sources:
 *  - ACSM 2009 position stand: strength 1-6 RM (intermediate/advanced, 80-100 % 1RM), hypertrophy
 *    6-12 RM (1-12 with emphasis on 6-12 for advanced), novices 8-12 RM, endurance 10-25.
 *  - Schoenfeld BJ, Grgic J, Ogborn D, Krieger JW. Strength and hypertrophy adaptations between
 *    low- vs. high-load resistance training: a systematic review and meta-analysis. J Strength
 *    Cond Res. 2017;31(12):3508-3523 — similar hypertrophy across loads when sets are taken close
 *    to failure; heavier loads better for strength. Hence higher reps for isolation work.
 * Exact ranges are our choice within those: performance 3-6 / 8-12, hypertrophy goals 6-10 /
 * 10-15, fat loss and maintenance 8-12 / 12-15 (general fitness, ACSM novice-to-intermediate).
 */
export const REP_RANGES = {
  PERFORMANCE: { compound: { min: 3, max: 6 }, isolation: { min: 8, max: 12 } },
  MUSCLE_GAIN: { compound: { min: 6, max: 10 }, isolation: { min: 10, max: 15 } },
  RECOMPOSITION: { compound: { min: 6, max: 10 }, isolation: { min: 10, max: 15 } },
  FAT_LOSS: { compound: { min: 8, max: 12 }, isolation: { min: 12, max: 15 } },
  MAINTENANCE: { compound: { min: 8, max: 12 }, isolation: { min: 12, max: 15 } },
} as const;

/**
 * Beginners with a PERFORMANCE goal: 6-10 reps on compounds rather than 3-6. ACSM 2009 recommends
 * 8-12 RM (60-70 % 1RM) loading for novices; 6-10 is our compromise towards the strength goal.
 */
export const BEGINNER_PERFORMANCE_COMPOUND_REPS = { min: 6, max: 10 } as const;

/**
 * Isometric holds (planks, wall sits, dead hangs, ...): the rep fields carry SECONDS of hold per
 * set. 20-45 s: our choice (common coaching practice; ACSM endurance work is 10-25 reps, about
 * 30-60 s under tension).
 */
export const HOLD_SECONDS = { min: 20, max: 45 } as const;

/**
 * Exercises in the library that are isometric holds (the library has no flag for this; see the
 * report). Their "reps" are seconds.
 */
export const ISOMETRIC_HOLD_IDS: readonly string[] = [
  'wall_sit', 'plank', 'side_plank', 'copenhagen_plank', 'hollow_body_hold', 'superman_hold', 'dead_hang',
];

/**
 * Reps in reserve (RIR) ramp across a mesocycle: from RIR_RAMP_START in its first week to the
 * end value in its last hard week (linear, rounded). RPE = 10 − RIR.
 * Sources: Helms ER, Cronin J, Storey A, Zourdos MC. Application of the repetitions in reserve-
 * based rating of perceived exertion scale for resistance training. Strength Cond J.
 * 2016;38(4):42-49; Zourdos MC et al. Novel resistance training-specific RPE scale measuring
 * repetitions in reserve. J Strength Cond Res. 2016;30(1):267-275 (RIR ratings are less accurate
 * in novices and far from failure). RP (Israetel 2021) mesocycles ramp from ~3 RIR to ~0-1 RIR.
 * Our choice: compounds end at 1 RIR (technique and fatigue), isolation at 0 RIR except for
 * beginners (1 RIR: their RIR estimates are less accurate, Zourdos 2016).
 */
export const RIR_RAMP_START = 3;
export const RIR_RAMP_END_COMPOUND = 1;
export const RIR_RAMP_END_ISOLATION = { BEGINNER: 1, INTERMEDIATE: 0, ADVANCED: 0 } as const;
export const MAX_RIR = 5; // PlannedExercise.targetRir is 0-5

/**
 * Rest between sets, seconds. ACSM 2009: 2-3 min for core lifts at heavy loads (strength),
 * 1-2 min for hypertrophy-oriented work at moderate loads, 1-2 min for assistance exercises;
 * Schoenfeld BJ et al. Longer interset rest periods enhance muscle strength and hypertrophy in
 * resistance-trained men. J Strength Cond Res. 2016;30(7):1805-1812 (3 min > 1 min).
 * Exact values our choice within those.
 */
export const REST_SECONDS = {
  PERFORMANCE: { compound: 180, isolation: 90 },
  MUSCLE_GAIN: { compound: 120, isolation: 75 },
  RECOMPOSITION: { compound: 120, isolation: 75 },
  FAT_LOSS: { compound: 90, isolation: 60 },
  MAINTENANCE: { compound: 90, isolation: 60 },
} as const;

// ---------------------------------------------------------------------------
// Mesocycles and deloads
// ---------------------------------------------------------------------------

/**
 * Mesocycle length in weeks, the last week being a deload (so a deload every 6th / 5th / 4th
 * week). Our choice following RP (Israetel 2021: 4-6 week mesocycles ending in a deload, shorter
 * for more advanced lifters whose absolute loads and fatigue are higher). Deloads fall in weeks
 * L, 2L, ... within the program, never week 1; a trailing partial mesocycle has no deload.
 */
export const MESOCYCLE_WEEKS = { BEGINNER: 6, INTERMEDIATE: 5, ADVANCED: 4 } as const;

/**
 * Deload: about half the sets (rounded, at least 1 per exercise) and RIR raised by 2 over the last
 * hard week, never below the mesocycle's starting RIR. Sources: RP (Israetel 2021: deloads at
 * ~half volume and well away from failure); Bell L, Nolan D, Immonen V, et al. "You can't shoot
 * another bullet until you've reloaded the gun": coaches' perceptions, practices and experiences of
 * deloading in strength and physique sports. Front Sports Act Living. 2022;4:1073223 (coaches
 * deload mainly by cutting volume and effort). The exact fraction and RIR step are our choice.
 */
export const DELOAD_SET_FRACTION = 0.5;
export const DELOAD_RIR_INCREASE = 2;

// ---------------------------------------------------------------------------
// Session length
// ---------------------------------------------------------------------------

/**
 * Time under tension per repetition, seconds: ACSM 2009 recommends moderate velocity (1-2 s
 * concentric, 1-2 s eccentric) → 2-4 s, plus a short transition; 4 s is our (conservative) value.
 * Unilateral exercises are done for each side (×2). Holds are timed directly (1 "rep" = 1 s).
 */
export const SECONDS_PER_REP = 4;
export const UNILATERAL_SIDES = 2;
export const SECONDS_PER_HOLD_REP = 1;

/** Moving between exercises and setting up the next one, seconds per exercise (our estimate). */
export const EXERCISE_CHANGEOVER_SECONDS = 60;

/**
 * Warm-up: 5 min general (ACSM's Guidelines for Exercise Testing and Prescription, 10th ed., 2018:
 * 5-10 min of light-to-moderate activity) + 2 min of ramp-up sets for the first lift (our estimate).
 */
export const GENERAL_WARM_UP_MINUTES = 5;
export const RAMP_UP_MINUTES = 2;
export const SECONDS_PER_MINUTE = 60;

// ---------------------------------------------------------------------------
// Loads
// ---------------------------------------------------------------------------

/**
 * Epley 1RM estimate: 1RM = w × (1 + reps / 30). Epley B. Poundage Chart. Boyd Epley Workout.
 * Lincoln, NE: Body Enterprises; 1985. Accuracy falls as reps rise (LeSuer DA et al. J Strength
 * Cond Res. 1997;11(4):211-213), so sets of more than LIFT_MAX_REPS (our cut-off) are rejected.
 * The starting load for r reps at k RIR is the weight whose Epley 1RM at (r + k) reps equals the
 * estimated 1RM, rounded down to LOAD_ROUNDING_KG (a standard 1.25 kg plate pair).
 */
export const EPLEY_REPS_DIVISOR = 30;
export const LIFT_MAX_REPS = 30;
export const LOAD_ROUNDING_KG = 2.5;

/**
 * Double progression load step: once every set reaches the top of the rep range at the target RIR,
 * add 2-10 % (ACSM 2009: "2-10 % increase in load when the individual can perform the current
 * workload for 1-2 repetitions over the desired number on two consecutive sessions").
 */
export const LOAD_INCREASE_PCT_MIN = 2;
export const LOAD_INCREASE_PCT_MAX = 10;

// ---------------------------------------------------------------------------
// Exercise preferences (orderings, our choice)
// ---------------------------------------------------------------------------

/**
 * Implement preference for compound slots: most loadable / easiest to progress first (ACSM 2009:
 * free weights and multi-joint exercises emphasised for strength and hypertrophy). An exercise's
 * rank is the best rank of its equipment items.
 */
export const COMPOUND_EQUIPMENT_ORDER = [
  'barbell', 'dumbbell', 'machine', 'cable', 'kettlebell', 'resistance_band', 'pullup_bar', 'bench', 'bodyweight',
] as const;

/** Implement preference for isolation slots: constant tension and fine load steps first. */
export const ISOLATION_EQUIPMENT_ORDER = [
  'cable', 'machine', 'dumbbell', 'resistance_band', 'barbell', 'kettlebell', 'bench', 'pullup_bar', 'bodyweight',
] as const;

/** Vertical pulls: a pull-up bar or a cable stack first (pullovers are a lats accessory). */
export const VERTICAL_PULL_EQUIPMENT_ORDER = [
  'pullup_bar', 'cable', 'machine', 'resistance_band', 'dumbbell', 'barbell', 'kettlebell', 'bench', 'bodyweight',
] as const;
