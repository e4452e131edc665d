/**
 * Daily nutrition targets: BMR -> TDEE -> goal energy (with a safety floor) -> macros + fibre.
 * Pure functions (no clock, no I/O). Sources for every number: ./nutrition.constants.ts.
 *
 * Conventions:
 * - Intermediate values are kept unrounded; the output rounds kcal to whole kcal and grams to
 *   whole grams (Math.round, halves up). Macros are computed from the rounded kcal target.
 * - `dailyDeltaKcal` = targetKcal − tdeeKcal (both rounded): negative = deficit, positive =
 *   surplus, and it reflects the floor (if the floor is applied, the delta is smaller than the
 *   one the rate asked for, and can even be positive for very small sedentary people, where
 *   1200/1500 kcal is above TDEE).
 * - The formulas are for adults; inputs are only checked for being finite and in range.
 */
import { isCalendarDate } from '../../core/dates';
import {
  ACTIVITY_FACTOR_EXTRA_ACTIVE,
  ACTIVITY_FACTOR_LIGHT,
  ACTIVITY_FACTOR_MODERATE,
  ACTIVITY_FACTOR_SEDENTARY,
  ACTIVITY_FACTOR_VERY_ACTIVE,
  CM_PER_M,
  DAYS_PER_WEEK,
  EXCESS_WEIGHT_LEAN_FRACTION,
  FAT_FRACTION_DEFAULT,
  FAT_FRACTION_MIN,
  FAT_LOSS_RATE_DEFAULT_PCT_PER_WEEK,
  FAT_LOSS_RATE_MAX_PCT_PER_WEEK,
  FAT_LOSS_RATE_MIN_PCT_PER_WEEK,
  FIBRE_G_PER_1000_KCAL,
  KATCH_MCARDLE_INTERCEPT_KCAL,
  KATCH_MCARDLE_KCAL_PER_KG_LEAN,
  KCAL_PER_1000,
  KCAL_PER_G_CARBOHYDRATE,
  KCAL_PER_G_FAT,
  KCAL_PER_G_PROTEIN,
  KCAL_PER_KG_BODY_MASS,
  MIFFLIN_FEMALE_CONSTANT_KCAL,
  MIFFLIN_KCAL_PER_CM,
  MIFFLIN_KCAL_PER_KG,
  MIFFLIN_KCAL_PER_YEAR,
  MIFFLIN_MALE_CONSTANT_KCAL,
  MIN_KCAL_FEMALE,
  MIN_KCAL_MALE,
  MUSCLE_GAIN_RATE_DEFAULT_PCT_PER_WEEK,
  MUSCLE_GAIN_RATE_MAX_PCT_PER_WEEK,
  MUSCLE_GAIN_RATE_MIN_PCT_PER_WEEK,
  PROTEIN_G_PER_KG_DEFAULT,
  PROTEIN_G_PER_KG_DEFICIT,
  PROTEIN_MAX_ENERGY_FRACTION,
  PROTEIN_REFERENCE_BMI,
  PROTEIN_REFERENCE_BODY_FAT_PCT_FEMALE,
  PROTEIN_REFERENCE_BODY_FAT_PCT_MALE,
  RECOMPOSITION_DEFICIT_FRACTION_OF_TDEE,
} from './nutrition.constants';

export type Sex = 'MALE' | 'FEMALE';
export type ActivityLevel = 'SEDENTARY' | 'LIGHT' | 'MODERATE' | 'VERY_ACTIVE' | 'EXTRA_ACTIVE';
export type NutritionGoal = 'FAT_LOSS' | 'MUSCLE_GAIN' | 'RECOMPOSITION' | 'MAINTENANCE' | 'PERFORMANCE';
export type BmrFormula = 'MIFFLIN_ST_JEOR' | 'KATCH_MCARDLE';

export interface NutritionTargetsInput {
  sex: Sex;
  ageYears: number;
  heightCm: number;
  weightKg: number;
  /** 0 < pct < 100. When given, BMR uses Katch-McArdle. */
  bodyFatPct?: number | null;
  activityLevel: ActivityLevel;
  goal: NutritionGoal;
  /**
   * % of body weight per week. FAT_LOSS: default 0.5, allowed 0.25-1.0 (loss).
   * MUSCLE_GAIN: default 0.25, allowed 0.1-0.5 (gain). Ignored for the other goals.
   */
  targetRatePctPerWeek?: number | null;
}

export interface NutritionTargets {
  bmrKcal: number;
  bmrFormula: BmrFormula;
  tdeeKcal: number;
  targetKcal: number;
  /** True when the goal energy was below max(BMR, 1200 women / 1500 men) and was raised to it. */
  floorApplied: boolean;
  proteinG: number;
  fatG: number;
  carbsG: number;
  fibreG: number;
  /** targetKcal − tdeeKcal (negative = deficit). */
  dailyDeltaKcal: number;
}

export const ACTIVITY_FACTORS: Readonly<Record<ActivityLevel, number>> = {
  SEDENTARY: ACTIVITY_FACTOR_SEDENTARY,
  LIGHT: ACTIVITY_FACTOR_LIGHT,
  MODERATE: ACTIVITY_FACTOR_MODERATE,
  VERY_ACTIVE: ACTIVITY_FACTOR_VERY_ACTIVE,
  EXTRA_ACTIVE: ACTIVITY_FACTOR_EXTRA_ACTIVE,
};

function requirePositiveFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive finite number, got ${String(value)}`);
  }
}

function requireSex(sex: Sex): void {
  if (sex !== 'MALE' && sex !== 'FEMALE') throw new RangeError(`sex must be MALE or FEMALE, got ${String(sex)}`);
}

/** Mifflin-St Jeor BMR in kcal/day (unrounded). */
export function mifflinStJeorBmr(
  p: Pick<NutritionTargetsInput, 'sex' | 'weightKg' | 'heightCm' | 'ageYears'>,
): number {
  requireSex(p.sex);
  requirePositiveFinite('weightKg', p.weightKg);
  requirePositiveFinite('heightCm', p.heightCm);
  requirePositiveFinite('ageYears', p.ageYears);
  const sexConstant = p.sex === 'MALE' ? MIFFLIN_MALE_CONSTANT_KCAL : MIFFLIN_FEMALE_CONSTANT_KCAL;
  return (
    MIFFLIN_KCAL_PER_KG * p.weightKg +
    MIFFLIN_KCAL_PER_CM * p.heightCm -
    MIFFLIN_KCAL_PER_YEAR * p.ageYears +
    sexConstant
  );
}

/** Lean (fat-free) mass in kg from total weight and body-fat %. */
export function leanMassKg(weightKg: number, bodyFatPct: number): number {
  requirePositiveFinite('weightKg', weightKg);
  if (typeof bodyFatPct !== 'number' || !Number.isFinite(bodyFatPct) || bodyFatPct <= 0 || bodyFatPct >= 100) {
    throw new RangeError(`bodyFatPct must be > 0 and < 100, got ${String(bodyFatPct)}`);
  }
  return weightKg * (1 - bodyFatPct / 100);
}

/** Katch-McArdle BMR in kcal/day (unrounded) from lean mass in kg. */
export function katchMcArdleBmr(leanKg: number): number {
  requirePositiveFinite('leanMassKg', leanKg);
  return KATCH_MCARDLE_INTERCEPT_KCAL + KATCH_MCARDLE_KCAL_PER_KG_LEAN * leanKg;
}

/**
 * BMR (unrounded kcal/day) and the formula used: Katch-McArdle when bodyFatPct is given
 * (not null/undefined), otherwise Mifflin-St Jeor.
 */
export function bmr(
  input: Pick<NutritionTargetsInput, 'sex' | 'weightKg' | 'heightCm' | 'ageYears' | 'bodyFatPct'>,
): { kcal: number; formula: BmrFormula } {
  if (input.bodyFatPct !== null && input.bodyFatPct !== undefined) {
    // Validate the other fields too, so the result doesn't depend on which formula ran.
    mifflinStJeorBmr(input);
    return { kcal: katchMcArdleBmr(leanMassKg(input.weightKg, input.bodyFatPct)), formula: 'KATCH_MCARDLE' };
  }
  return { kcal: mifflinStJeorBmr(input), formula: 'MIFFLIN_ST_JEOR' };
}

/** TDEE = BMR × activity factor (unrounded kcal/day). */
export function tdee(bmrKcal: number, activityLevel: ActivityLevel): number {
  requirePositiveFinite('bmrKcal', bmrKcal);
  const factor = ACTIVITY_FACTORS[activityLevel];
  if (factor === undefined) throw new RangeError(`activityLevel is not valid: ${String(activityLevel)}`);
  return bmrKcal * factor;
}

function rateOrDefault(rate: number | null | undefined, def: number, min: number, max: number, goal: NutritionGoal): number {
  const r = rate ?? def;
  if (typeof r !== 'number' || !Number.isFinite(r) || r < min || r > max) {
    throw new RangeError(`targetRatePctPerWeek must be between ${min} and ${max} for ${goal}, got ${String(rate)}`);
  }
  return r;
}

/** kcal/day equivalent of changing body mass by ratePct % of weightKg per week (7700 kcal/kg). */
export function dailyKcalForRate(weightKg: number, ratePctPerWeek: number): number {
  return ((weightKg * ratePctPerWeek) / 100) * KCAL_PER_KG_BODY_MASS / DAYS_PER_WEEK;
}

/**
 * Goal energy change vs. TDEE before the floor (unrounded kcal/day; negative = deficit).
 * Throws RangeError naming `targetRatePctPerWeek` when the rate is outside the goal's range.
 */
export function goalDeltaKcal(
  input: Pick<NutritionTargetsInput, 'goal' | 'weightKg' | 'targetRatePctPerWeek'>,
  tdeeKcal: number,
): number {
  switch (input.goal) {
    case 'FAT_LOSS': {
      const rate = rateOrDefault(
        input.targetRatePctPerWeek,
        FAT_LOSS_RATE_DEFAULT_PCT_PER_WEEK,
        FAT_LOSS_RATE_MIN_PCT_PER_WEEK,
        FAT_LOSS_RATE_MAX_PCT_PER_WEEK,
        input.goal,
      );
      return -dailyKcalForRate(input.weightKg, rate);
    }
    case 'MUSCLE_GAIN': {
      const rate = rateOrDefault(
        input.targetRatePctPerWeek,
        MUSCLE_GAIN_RATE_DEFAULT_PCT_PER_WEEK,
        MUSCLE_GAIN_RATE_MIN_PCT_PER_WEEK,
        MUSCLE_GAIN_RATE_MAX_PCT_PER_WEEK,
        input.goal,
      );
      return dailyKcalForRate(input.weightKg, rate);
    }
    case 'RECOMPOSITION':
      return -RECOMPOSITION_DEFICIT_FRACTION_OF_TDEE * tdeeKcal;
    case 'MAINTENANCE':
    case 'PERFORMANCE':
      return 0;
    default:
      throw new RangeError(`goal is not valid: ${String(input.goal)}`);
  }
}

/** Goals that are planned as an energy deficit (use the higher protein target). */
export function isDeficitGoal(goal: NutritionGoal): boolean {
  return goal === 'FAT_LOSS' || goal === 'RECOMPOSITION';
}

/** Lowest allowed daily target: max(BMR, 1200 kcal women / 1500 kcal men). */
export function energyFloorKcal(sex: Sex, bmrKcal: number): number {
  requireSex(sex);
  return Math.max(bmrKcal, sex === 'MALE' ? MIN_KCAL_MALE : MIN_KCAL_FEMALE);
}

export interface Macros {
  proteinG: number;
  fatG: number;
  carbsG: number;
}

/**
 * The mass protein is dosed on (kg): the total weight, unless body fat is high. With body fat
 * known: lean mass / (1 − 25 % men, 32 % women) when that is lower; unknown: the weight at BMI 25
 * plus a quarter of the weight above it, when the BMI is over 25 (sources: nutrition.constants.ts).
 */
export function proteinReferenceMassKg(
  input: Pick<NutritionTargetsInput, 'sex' | 'weightKg' | 'heightCm' | 'bodyFatPct'>,
): number {
  requireSex(input.sex);
  requirePositiveFinite('weightKg', input.weightKg);
  requirePositiveFinite('heightCm', input.heightCm);
  if (input.bodyFatPct !== null && input.bodyFatPct !== undefined) {
    const referenceFat =
      (input.sex === 'MALE' ? PROTEIN_REFERENCE_BODY_FAT_PCT_MALE : PROTEIN_REFERENCE_BODY_FAT_PCT_FEMALE) / 100;
    return Math.min(input.weightKg, leanMassKg(input.weightKg, input.bodyFatPct) / (1 - referenceFat));
  }
  const heightM = input.heightCm / CM_PER_M;
  const reference = PROTEIN_REFERENCE_BMI * heightM * heightM;
  if (input.weightKg <= reference) return input.weightKg;
  return reference + EXCESS_WEIGHT_LEAN_FRACTION * (input.weightKg - reference);
}

/**
 * Split a (whole-kcal) target into whole grams:
 * 1. protein = g/kg × the protein reference mass (2.2 in a deficit goal, 1.6 otherwise), at most
 *    35 % of energy (AMDR);
 * 2. fat = 25 % of energy; if protein + 25 % fat would exceed the target, fat is reduced to what
 *    is left, but not below 20 % of energy (with protein at most 35 %, this no longer happens);
 * 3. carbohydrate = the remainder (never negative).
 * Rounding each to whole grams keeps 4P + 9F + 4C within 10 kcal of the target (≤ 2 + 4.5 + 2).
 */
export function macroSplit(targetKcal: number, proteinMassKg: number, goal: NutritionGoal): Macros {
  requirePositiveFinite('targetKcal', targetKcal);
  requirePositiveFinite('proteinMassKg', proteinMassKg);
  const proteinPerKg = isDeficitGoal(goal) ? PROTEIN_G_PER_KG_DEFICIT : PROTEIN_G_PER_KG_DEFAULT;

  let proteinKcal = Math.min(proteinPerKg * proteinMassKg * KCAL_PER_G_PROTEIN, PROTEIN_MAX_ENERGY_FRACTION * targetKcal);
  const fatMinKcal = FAT_FRACTION_MIN * targetKcal;
  // Protein gives way only once fat is at its floor.
  proteinKcal = Math.min(proteinKcal, targetKcal - fatMinKcal);
  const fatKcal = Math.max(fatMinKcal, Math.min(FAT_FRACTION_DEFAULT * targetKcal, targetKcal - proteinKcal));

  const proteinG = Math.round(proteinKcal / KCAL_PER_G_PROTEIN);
  const fatG = Math.round(fatKcal / KCAL_PER_G_FAT);
  const remainderKcal = targetKcal - proteinG * KCAL_PER_G_PROTEIN - fatG * KCAL_PER_G_FAT;
  const carbsG = Math.max(0, Math.round(remainderKcal / KCAL_PER_G_CARBOHYDRATE));
  return { proteinG, fatG, carbsG };
}

/** Fibre, whole grams: 14 g per 1000 kcal. */
export function fibreG(targetKcal: number): number {
  return Math.round((targetKcal * FIBRE_G_PER_1000_KCAL) / KCAL_PER_1000);
}

/** Full daily targets. Throws RangeError on invalid input (including an out-of-range rate). */
export function nutritionTargets(input: NutritionTargetsInput): NutritionTargets {
  const b = bmr(input);
  const t = tdee(b.kcal, input.activityLevel);
  const goalKcal = t + goalDeltaKcal(input, t);
  const floor = energyFloorKcal(input.sex, b.kcal);
  const floorApplied = goalKcal < floor;
  const targetKcal = Math.round(floorApplied ? floor : goalKcal);
  const tdeeKcal = Math.round(t);
  const macros = macroSplit(targetKcal, proteinReferenceMassKg(input), input.goal);
  return {
    bmrKcal: Math.round(b.kcal),
    bmrFormula: b.formula,
    tdeeKcal,
    targetKcal,
    floorApplied,
    proteinG: macros.proteinG,
    fatG: macros.fatG,
    carbsG: macros.carbsG,
    fibreG: fibreG(targetKcal),
    dailyDeltaKcal: targetKcal - tdeeKcal,
  };
}

function parseIsoDate(name: string, s: string): { y: number; m: number; d: number } {
  if (!isCalendarDate(s)) throw new RangeError(`${name} must be a calendar date YYYY-MM-DD, got ${String(s)}`);
  const [y, m, d] = s.split('-').map(Number);
  return { y, m, d };
}

/**
 * Age in whole years on `onDate` (both YYYY-MM-DD, no clock, no time zone). The birthday counts
 * on its day; a 29 February birthday is reached on 1 March in common years (not on 28 February).
 * Throws RangeError for malformed dates or when onDate is before birthDate.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const b = parseIsoDate('birthDate', birthDate);
  const o = parseIsoDate('onDate', onDate);
  const beforeBirthday = o.m < b.m || (o.m === b.m && o.d < b.d);
  const age = o.y - b.y - (beforeBirthday ? 1 : 0);
  if (age < 0) throw new RangeError(`onDate ${onDate} is before birthDate ${birthDate}`);
  return age;
}

/** A daily energy change (kcal/day, negative = deficit) as a weekly rate in % of weightKg (7700 kcal/kg). */
export function ratePctPerWeekForDeltaKcal(deltaKcal: number, weightKg: number): number {
  requirePositiveFinite('weightKg', weightKg);
  return deltaKcal / dailyKcalForRate(weightKg, 1);
}

/** What the person asked for: goal, rate (% per week, unsigned as in the consultation) and weight. */
export type RateBasis = Pick<NutritionTargetsInput, 'goal' | 'weightKg' | 'targetRatePctPerWeek'>;

/**
 * The rate a set of targets asks for and the one it will give (issue #10: "the rate the person
 * will actually get"), both signed (negative = loss), % of body weight per week, 3 decimals:
 * - requested: the goal's energy change before the floor (goalDeltaKcal at the targets' TDEE);
 * - expected: the energy change the targets actually carry (targetKcal − tdeeKcal, which the
 *   floor may have shrunk), at 7,700 kcal/kg;
 * - floorLimited: the floor made the expected rate differ from the requested one.
 * Derived from stored targets, so targets of any generator version (and a reassessment's, whose
 * tdeeKcal is its expenditure estimate) get it when read. Null when the basis is out of range.
 */
export interface RateOutlook {
  requestedRatePctPerWeek: number;
  expectedRatePctPerWeek: number;
  floorLimited: boolean;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function rateOutlook(
  targets: Pick<NutritionTargets, 'targetKcal' | 'tdeeKcal' | 'floorApplied'>,
  basis: RateBasis,
): RateOutlook | null {
  try {
    const requested = round3(ratePctPerWeekForDeltaKcal(goalDeltaKcal(basis, targets.tdeeKcal), basis.weightKg));
    const expected = round3(ratePctPerWeekForDeltaKcal(targets.targetKcal - targets.tdeeKcal, basis.weightKg));
    return { requestedRatePctPerWeek: requested, expectedRatePctPerWeek: expected, floorLimited: targets.floorApplied && expected !== requested };
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

const fmtRate = (pct: number): string =>
  pct === 0 ? 'no change' : `${pct < 0 ? 'a loss' : 'a gain'} of ${Math.abs(Math.round(pct * 100) / 100)} % of body weight a week`;

/** The sentence a program shows when the floor limits the rate (null when it does not). */
export function floorRateWarning(targets: Pick<NutritionTargets, 'targetKcal'>, outlook: RateOutlook | null): string | null {
  if (!outlook?.floorLimited) return null;
  return `The rate you asked for (${fmtRate(outlook.requestedRatePctPerWeek)}) needs fewer calories than the safe minimum, ` +
    `so your target is held at ${targets.targetKcal} kcal a day: expect ${fmtRate(outlook.expectedRatePctPerWeek)} instead.`;
}
