/**
 * Every number the bi-weekly reassessment uses, with its source. Where a value is our own
 * choice (a gain, a threshold), the comment says so and why.
 */

/** Bump when the controllers' output for the same evidence and state changes (2: the nutrition controller aims at the attainable rate when the floor puts the goal's out of reach). */
export const REASSESSMENT_CONTROLLER_VERSION = 2;

/** The evidence window: the 14 days before the reassessment's local day (design.md: every two weeks). */
export const EVIDENCE_WINDOW_DAYS = 14;

/** Days before the window from which the trend weight is smoothed, so it has settled by the window's start. */
export const TREND_LOOKBACK_DAYS = 42;

// ---------------------------------------------------------------------------
// Trend weight
// ---------------------------------------------------------------------------

/**
 * Smoothing factor of the trend weight per day: trend += alpha_eff x (weight - trend), with
 * alpha_eff = 1 - (1 - alpha)^gapDays after a gap (a missed weigh-in counts as the days since the
 * last one). 0.1 per day is the "Hacker's Diet" trend line (Walker J. The Hacker's Diet, 1991,
 * chapter "Signal and Noise": a 10 % exponentially smoothed moving average of daily weights),
 * also what issue #9 asks for.
 */
export const TREND_ALPHA_PER_DAY = 0.1;

/**
 * Energy of one kg of body-mass change, kcal (the 3,500 kcal/lb rule: Wishnofsky M. Caloric
 * equivalents of gained or lost weight. Am J Clin Nutr. 1958;6(5):542-546; 7,700 kcal/kg as used
 * by Hall KD et al., Lancet 2011;378:826-837, for the early phase). Same figure as
 * KCAL_PER_KG_BODY_MASS of the program's targets.
 */
export const KCAL_PER_KG_TREND_CHANGE = 7700;

// ---------------------------------------------------------------------------
// Evidence thresholds (our choices)
// ---------------------------------------------------------------------------

/**
 * Fewest days of the 14 with logged intake for the expenditure and the nutrition controller to
 * act: 10 (about 70 %). Below it, unlogged days are mostly days eaten but not written down, so
 * the mean logged intake (and the expenditure estimated from it) would be biased low; the
 * controller then changes nothing and says so.
 */
export const MIN_INTAKE_DAYS = 10;

/** Fewest weigh-ins in the window, spanning at least MIN_WEIGH_IN_SPAN_DAYS, for an observed rate. */
export const MIN_WEIGH_INS = 6;
export const MIN_WEIGH_IN_SPAN_DAYS = 7;

// ---------------------------------------------------------------------------
// Nutrition controller (PI with anti-windup), our choices unless a source is named
// ---------------------------------------------------------------------------

/**
 * Deadband on the rate error, % body weight per week: an observed rate within 0.1 % of the
 * target changes nothing. Day-to-day water swings of 0.5-1 kg (Kreitzman SN et al., Am J Clin
 * Nutr 1992;56:292S) leave a two-week slope uncertain by about that much, so a smaller error is
 * not evidence; the simulation's success band is +-0.25 %.
 */
export const RATE_DEADBAND_PCT_PER_WEEK = 0.1;

/**
 * Gains of the PI core, velocity form (change = feedforward + KP x (error - last error) + KI x
 * error, in kcal/day of error energy). Our choice, tuned with the closed-loop test
 * (nutritionController.test.ts: 200 simulated people, true expenditure +-15 % off the formula,
 * eating 75-100 % of their target, 0.5 kg daily weighing noise): 0.3/0.3 had the most people
 * within +-0.25 %/week of their target at week 8 (91 %) among 0.1-0.7, without oscillation.
 */
export const KP = 0.3;
export const KI = 0.3;
/** Anti-windup: the integral's bound, kcal/day (also, it stops integrating while the output is clamped). */
export const INTEGRAL_LIMIT_KCAL = 600;

/**
 * Clamp per reassessment: at most +-10 % of the current target or +-250 kcal, whichever is smaller
 * (issue #9). Smaller, because each bound alone allows a step someone notices: 10 % of 3,200
 * kcal is 320 kcal, 250 kcal of 1,400 is 18 %. Both therefore hold at once.
 */
export const MAX_CHANGE_FRACTION = 0.1;
export const MAX_CHANGE_KCAL = 250;

/**
 * The expenditure prior's weight, in days of evidence: the program's TDEE (Mifflin-St Jeor x
 * activity factor, whose error for an individual is about +-10 %: Frankenfield D et al., J Am
 * Diet Assoc 2005;105:775-789) counts as 14 days of observation, and the estimate moves toward
 * the observed expenditure as logged days build up, to at most EXPENDITURE_MAX_EVIDENCE_DAYS
 * (so a changing expenditure, e.g. after weight loss, keeps being followed).
 */
export const EXPENDITURE_PRIOR_DAYS = 14;
export const EXPENDITURE_MAX_EVIDENCE_DAYS = 42;

// ---------------------------------------------------------------------------
// Training controller (our choices within the cited practice)
// ---------------------------------------------------------------------------

/**
 * Session-RPE drift (mean of the window's second week minus its first, Borg CR-10) that counts as
 * fatigue: a rise of 1 point at the same planned work. Foster C et al. A new approach to
 * monitoring exercise training. J Strength Cond Res. 2001;15(1):109-115 (session RPE).
 */
export const RPE_DRIFT_FATIGUE = 1.0;
/** Completion below which the plan is too much (fewer than 3 of 4 planned sessions done). */
export const COMPLETION_LOW = 0.75;
/** Completion at or above which volume may rise. */
export const COMPLETION_GOOD = 0.9;
/**
 * e1RM trend (second week's best vs first week's, %) that counts as rising performance: 1 %
 * over a week is above the day-to-day variability of an estimated 1RM at submaximal loads
 * (~1-2 %, Helms ER et al., Strength Cond J 2016;38(4):42-49 on RIR-based RPE).
 */
export const E1RM_RISING_PCT = 1.0;
/** e1RM trend (%) at or below which performance is falling. */
export const E1RM_FALLING_PCT = -2.0;
/** Mean soreness (1-5) at or above which recovery is poor; mean energy (1-5) at or below which too. */
export const SORENESS_POOR = 4;
export const ENERGY_POOR = 2;
/** Weekly sets a muscle gains or loses per reassessment (RP's "add 1-2 sets per muscle per week" progression, the low end). */
export const SETS_STEP_PER_MUSCLE = 1;
/** Fatigue signals (RPE drift, falling performance, poor recovery, low completion) that call for a deload week. */
export const DELOAD_SIGNALS = 3;
/** Largest single load change from logged performance, as a fraction of the planned load. */
export const MAX_LOAD_CHANGE_FRACTION = 0.1;
