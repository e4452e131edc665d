/**
 * Every number readiness uses, in one place (design.md habit 8).
 *
 * Readiness compares today's daily context with the person's own recent normal, signal by
 * signal, as a z-score (today - baseline mean) / baseline SD, signed so that positive is better:
 * - Wellness questionnaire items (sleep quality, stress, soreness, energy on 1-5 scales) after
 *   Hooper & Mackinnon 1995 (Sports Med 20:321-327) and McLean et al. 2010 (Int J Sports Physiol
 *   Perform 5:367-383), who read each item against the athlete's own values; subjective measures
 *   respond to training stress more consistently than objective ones (Saw, Main & Gastin 2016,
 *   Br J Sports Med 50:281-291), hence most of the weight.
 * - HRV as ln rMSSD against a 7-day rolling mean and SD (Plews et al. 2012, Eur J Appl Physiol
 *   112:3729-3741; Plews et al. 2013, Sports Med 43:773-781): log-transformed because rMSSD is
 *   right-skewed.
 * - Resting heart rate: a rise above the person's usual is a fatigue or illness flag; its day-to-day
 *   variation is small, a few beats (Buchheit 2014, Front Physiol 5:73).
 */

/** Days of history a personal baseline is taken from: the previous 28 at most. */
export const BASELINE_MAX_DAYS = 28;
/** Below this many days of history (or of one signal's values), population defaults stand in (Plews: 7-day rolling). */
export const BASELINE_MIN_DAYS = 7;

export type SignalName = 'sleep_hours' | 'sleep_quality' | 'stress' | 'soreness' | 'energy' | 'hrv' | 'resting_hr';

export interface SignalSpec {
  /** +1 when more is better (sleep, energy, HRV), -1 when less is better (stress, soreness, resting HR). */
  direction: 1 | -1;
  /** Share of the score when every signal is present; missing ones drop out and the rest are renormalised. */
  weight: number;
  /** Population default mean and SD, used while the person has fewer than BASELINE_MIN_DAYS values. */
  populationMean: number;
  populationSd: number;
  /**
   * The smallest SD a baseline may have: a person who logged the same value for a week would
   * otherwise turn a one-step change into an infinite z-score.
   */
  sdFloor: number;
}

/**
 * Weights sum to 1. Population defaults: sleep hours 7.5 +/- 1 h (adults need 7-9 h: Hirshkowitz
 * et al. 2015, Sleep Health 1:40-43); the 1-5 items at a slightly favourable mid-scale with one
 * scale step ~ 1 SD (no published norm for 1-5 items: judgement); ln rMSSD from the short-term
 * norm rMSSD 42 +/- 15 ms (Nunan et al. 2010, Pacing Clin Electrophysiol 33:1407-1417), so ln 42 =
 * 3.74 and SD ~ 15/42 = 0.36; resting HR 62 +/- 8 bpm (a round adult figure: judgement).
 * SD floors: half a scale step for 1-5 items; 0.5 h of sleep; 0.1 for ln rMSSD (its day-to-day CV
 * is ~3-7 % of ~4, Plews et al. 2013); 2 bpm for resting HR (Buchheit 2014).
 */
export const SIGNALS: Readonly<Record<SignalName, SignalSpec>> = {
  sleep_hours: { direction: 1, weight: 0.15, populationMean: 7.5, populationSd: 1, sdFloor: 0.5 },
  sleep_quality: { direction: 1, weight: 0.15, populationMean: 3.5, populationSd: 1, sdFloor: 0.5 },
  stress: { direction: -1, weight: 0.15, populationMean: 2.5, populationSd: 1, sdFloor: 0.5 },
  soreness: { direction: -1, weight: 0.2, populationMean: 2.5, populationSd: 1, sdFloor: 0.5 },
  energy: { direction: 1, weight: 0.15, populationMean: 3.5, populationSd: 1, sdFloor: 0.5 },
  hrv: { direction: 1, weight: 0.1, populationMean: Math.log(42), populationSd: 0.36, sdFloor: 0.1 },
  resting_hr: { direction: -1, weight: 0.1, populationMean: 62, populationSd: 8, sdFloor: 2 },
};

/** One signal's z-score is clamped to this, so that one extreme value cannot decide the day alone. */
export const Z_CLAMP = 3;

/** score = 50 + SCORE_PER_Z x combined z, clamped to 0-100: 50 is the person's usual. */
export const SCORE_PER_Z = 20;

/**
 * Band cut-offs on the score (>= each). In combined z: high from +0.75, normal from -0.5, low from
 * -1.75, very low below. With the 1-5 items at SD 1 this means: one item a step worse is still
 * normal; 4 h of sleep with soreness 5 and everything else as usual is low (lighter training);
 * most signals at their worst is very low (rest). Judgement, in the spirit of McLean et al. 2010,
 * who flag a wellness item more than 1 SD below the athlete's own mean.
 */
export const BANDS = { high: 65, normal: 40, low: 15 } as const;

/**
 * Confidence: 0.4 on population defaults; with a personal baseline, 0.75 at 7 days rising linearly
 * to 0.95 at 28. Multiplied by (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) x the share of weight
 * present), so that a day without HRV and resting HR is a little less sure. Judgement.
 */
export const CONFIDENCE = {
  population: 0.4,
  personalMin: 0.75,
  personalMax: 0.95,
  coverageFloor: 0.8,
} as const;
