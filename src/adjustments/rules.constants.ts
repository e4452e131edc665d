/**
 * Every number the daily adjustment rules use, in one place (design.md habit 8). Changing one
 * changes what is proposed: bump ADJUSTMENT_RULES_VERSION in rules.ts with it.
 */

/**
 * Acute:chronic workload ratio (7/28 days) above which the day's volume is reduced: Gabbett 2016
 * (Br J Sports Med 50:273-280) calls > 1.5 the "danger zone" of injury risk.
 */
export const ACWR_REDUCE_ABOVE = 1.5;

/** Skipped planned sessions in the 7 days before that make the day ease back rather than pile up missed work (issue #8). */
export const SKIPPED_EASE_BACK_AT = 2;

/**
 * Session changes. Sets are cut by a third (rounded, at least 1 set kept): a reduction in
 * volume of ~1/3-1/2 with intensity kept is the usual deload or taper (Bosquet et al. 2007, Med Sci
 * Sports Exerc 39:1358-1365: volume -41-60 % with intensity kept gave the best taper; a third is the
 * milder, single-day version: judgement).
 * Lighter adds reps in reserve: +1 in the upper half of the low band, +2 in its lower half
 * (Zourdos et al. 2016: one RIR ~ one RPE point); RIR is capped at 5 (the plan's own maximum).
 * Recovery (a low day on a session that is already a deload): the first 2 exercises, 2 sets each, at
 * RIR 4 with loads cut by 20 %. Minutes scale with the share of sets kept, at least 10.
 */
export const SESSION_CHANGES = {
  setsKeptShare: 2 / 3,
  minSets: 1,
  rirMax: 5,
  lighterRirStep: { upperHalf: 1, lowerHalf: 2 },
  recovery: { exercises: 2, sets: 2, rir: 4, loadShare: 0.8 },
  minMinutes: 10,
} as const;

/**
 * Poor sleep or high stress on a deficit day: hold energy at maintenance. Sleep restriction during
 * an energy deficit shifted the weight lost from fat to lean mass (Nedeltcheva et al. 2010, Ann
 * Intern Med 153:435-441); adults need at least 7 h (Watson et al. 2015, Sleep 38:843-844), under 6 h
 * is short sleep. Stress 4-5 of 5 and sleep quality 1-2 of 5 are the bad end of their scales.
 * The extra energy goes 75 % to carbohydrate, 25 % to fat; protein is kept.
 */
export const RECOVERY_NUTRITION = {
  poorSleepHoursBelow: 6,
  poorSleepQualityAtMost: 2,
  highStressAtLeast: 4,
  /** A day counts as a deficit when its target is at least this far below maintenance (kcal). */
  deficitAtLeastKcal: 50,
  carbShareOfExtra: 0.75,
} as const;

/**
 * A hard training day, by the planned session: at least 20 working sets or at least 75 minutes
 * (judgement: about twice a typical 45-60 minute, 10-15 set session's volume is "high" in the
 * resistance-training volume literature, Schoenfeld et al. 2017, J Sports Sci 35:1073-1082, counts
 * 10+ weekly sets per muscle as high). On such a day carbohydrate moves toward training with energy
 * unchanged (carbohydrate periodisation: Impey et al. 2018, Sports Med 48:1031-1048): a quarter of
 * the fat energy becomes carbohydrate, fat never below 20 % of energy (Thomas, Erdman & Burke 2016,
 * ACSM/AND/DC position stand: fat 20-35 % of energy). Less than 10 g of carbohydrate to move is
 * nothing to move.
 */
export const HARD_DAY = {
  minSets: 20,
  minMinutes: 75,
  fatShiftShare: 0.25,
  fatFloorEnergyShare: 0.2,
  minCarbShiftG: 10,
} as const;

/**
 * Confidence of a proposal: the readiness confidence for readiness- and context-based rules; the
 * rules on training load and skipped sessions rest on recorded data, not on a day's feeling, so a
 * fixed confidence. Every further rule that fires in the same direction adds AGREEMENT_BONUS, up to
 * CONFIDENCE_MAX. Judgement.
 */
export const RULE_CONFIDENCE = {
  acwr: 0.8,
  skipped: 0.75,
  hardDay: 0.7,
  agreementBonus: 0.05,
  max: 0.95,
} as const;

/**
 * The acute:chronic ratio is only read once the person has logged activities for at least 21
 * days before the day: with less, the 28-day chronic load is mostly empty days and any first week
 * of training reads as a spike of 4x (the ratio is meaningless before the chronic window fills:
 * Gabbett 2016; the 21-day minimum is judgement).
 */
export const ACWR_MIN_HISTORY_DAYS = 21;
