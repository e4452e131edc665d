/** Input bounds for daily context (issue #8 item 1), in one place. */
export const CONTEXT_LIMITS = {
  /**
   * How far back a day's context may be logged or amended: 28 days, the longest readiness baseline
   * (readiness.constants.ts). Older context would feed no baseline, and days that are over are locked
   * for adjustments anyway.
   */
  pastDays: 28,
  sleepHours: { min: 0, max: 24 },
  scale: { min: 1, max: 5 },
  /**
   * rMSSD in ms. Resting short-term values span ~10-200 ms in healthy adults (Nunan et al. 2010,
   * Pacing Clin Electrophysiol 33:1407-1417); above 300 ms is an artefact (ectopic beats), not a
   * reading.
   */
  hrvMs: { min: 1, max: 300 },
  restingHr: { min: 20, max: 220 },
  bodyWeightKg: { min: 35, max: 300 },
  notes: 1000,
} as const;

/** The longest range `dailyContextLog` returns, in days. */
export const CONTEXT_RANGE_MAX_DAYS = 366;
