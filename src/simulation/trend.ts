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

/** Least-squares windows the simulation also reports (task J: "the last 28 days (and 14)"). */
export const SLOPE_WINDOWS_DAYS = [28, 14] as const;

/**
 * Weigh-ins a least-squares window needs: half its days, spanning at least half of it (a slope
 * from a few days at one end would be noise). Our choice, as MIN_WEIGH_INS of the reassessment.
 */
export const SLOPE_MIN_SHARE = 0.5;

/**
 * % of body weight per week from the ordinary least-squares slope of the weigh-ins themselves
 * (no smoothing, so no lag) over the `windowDays` days ending with day `end` (inclusive), relative
 * to their mean (the fitted weight at the window's centre of mass). Null when the window starts
 * before day 0 or has too few weigh-ins (SLOPE_MIN_SHARE).
 */
export function slopeRatePct(weighIns: ReadonlyArray<number | null>, end: number, windowDays: number): number | null {
  const start = end - windowDays + 1;
  if (start < 0 || end >= weighIns.length) return null;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let day = start; day <= end; day++) {
    const w = weighIns[day];
    if (w != null) { xs.push(day); ys.push(w); }
  }
  const need = Math.ceil(SLOPE_MIN_SHARE * windowDays);
  if (xs.length < need || xs[xs.length - 1] - xs[0] < need - 1) return null;
  const mx = xs.reduce((a, x) => a + x, 0) / xs.length;
  const my = ys.reduce((a, y) => a + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => { sxy += (x - mx) * (ys[i] - my); sxx += (x - mx) ** 2; });
  return ((sxy / sxx) * 7 / my) * 100;
}

/** One way of observing the rate at day `end` from day-indexed weigh-ins. */
export interface RateMeasure {
  key: string;
  label: string;
  rate(weighIns: ReadonlyArray<number | null>, end: number): number | null;
}

/** The measures the simulation prints; the first is the original (the trend weight the figure used). */
export const RATE_MEASURES: readonly RateMeasure[] = [
  { key: 'trend14', label: `trend weight change over ${RATE_WINDOW_DAYS} days`, rate: (w, end) => weeklyRatePct(trendSeries(w), end) },
  ...SLOPE_WINDOWS_DAYS.map((days) => ({
    key: `slope${days}`, label: `least-squares slope of the weigh-ins over ${days} days`, rate: (w: ReadonlyArray<number | null>, end: number) => slopeRatePct(w, end, days),
  })),
];
