/**
 * How the simulation judges convergence, from what the system sees (the logged weigh-ins), with
 * the same trend weight the reassessment reads: an exponentially smoothed body weight, alpha 0.1
 * per day (issue #9), gap-aware (after g days without a weigh-in the reading gets the weight of
 * g days, 1 - (1 - alpha)^g).
 */

/** Trend weight smoothing per day (issue #9: "alpha ~ 0.1 per day"). */
export const TREND_ALPHA = 0.1;

/** The observed rate is the trend's change over this many days (task: "the last 2 weeks"). */
export const RATE_WINDOW_DAYS = 14;

/** Convergence band around the target rate, % body weight per week (issue #9 "done when"). */
export const CONVERGENCE_BAND_PCT_PER_WEEK = 0.25;

/**
 * Trend weight at the end of each day from day-indexed weigh-ins (null = none that day); null
 * until the first weigh-in, which starts the trend.
 */
export function trendSeries(weighIns: ReadonlyArray<number | null>, alpha = TREND_ALPHA): Array<number | null> {
  const out: Array<number | null> = [];
  let trend: number | null = null;
  let lastDay = -1;
  weighIns.forEach((weight, day) => {
    if (weight !== null) {
      if (trend === null) trend = weight;
      else trend += (1 - (1 - alpha) ** (day - lastDay)) * (weight - trend);
      lastDay = day;
    }
    out.push(trend);
  });
  return out;
}

/**
 * % of body weight per week over the RATE_WINDOW_DAYS ending with day `end` (inclusive), from a
 * day-indexed series; null when either end is unknown.
 */
export function weeklyRatePct(series: ReadonlyArray<number | null>, end: number, windowDays = RATE_WINDOW_DAYS): number | null {
  const start = end - windowDays;
  if (start < 0 || end >= series.length) return null;
  const a = series[start];
  const b = series[end];
  if (a == null || b == null) return null;
  return ((b - a) / a) * 100 * (7 / windowDays);
}

/** True when a rate is within the band of the target (a missing rate is not). */
export function withinBand(rate: number | null, target: number, band = CONVERGENCE_BAND_PCT_PER_WEEK): boolean {
  return rate !== null && Math.abs(rate - target) <= band;
}
