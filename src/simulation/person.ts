/**
 * Synthetic people for the simulation (issue #9 item 4): who they are (the consultation they
 * give), what the system cannot know about them (their true expenditure, how closely they eat to
 * plan, how often they skip a log), and their body day by day under an energy-balance model.
 * Pure: no clock, no I/O; every draw comes from the Rng passed in, so a seed reproduces a run.
 */
import { addDays } from '../core/dates';
import type { ConsultationAnswers, Weekday } from '../consultations/consultation';
import { ActivityLevel, bmr, tdee } from '../programs/nutrition/targets';
import { KCAL_PER_G_CARBOHYDRATE, KCAL_PER_G_FAT, KCAL_PER_G_PROTEIN, KCAL_PER_KG_BODY_MASS } from '../programs/nutrition/nutrition.constants';
import { Rng } from './random';

/**
 * The model's numbers. Where a number is our choice (the population, the noise), the comment says
 * so; the energy balance and the adaptation cite their sources.
 */
export const PERSON_MODEL = {
  /**
   * kcal per kg of body-mass change: the project's constant (Wishnofsky 1958; Hall 2008, see
   * nutrition.constants.ts KCAL_PER_KG_BODY_MASS), the same the controllers assume.
   */
  kcalPerKg: KCAL_PER_KG_BODY_MASS,
  /** True expenditure = the program's TDEE formula x a factor ~ N(1, 0.1) (issue #9), kept in 0.7-1.3. */
  expenditureFactor: { mean: 1, sd: 0.1, min: 0.7, max: 1.3 },
  /**
   * Adaptive thermogenesis: holding a 10 % lower weight, 24-h expenditure ends 10-15 % below what
   * the lost mass predicts (Rosenbaum M, Leibel RL. Adaptive thermogenesis in humans. Int J Obes.
   * 2010;34 Suppl 1:S47-S55; Leibel RL, Rosenbaum M, Hirsch J. N Engl J Med. 1995;332:621-628,
   * where a 10 % gain raised it beyond prediction too). We take the low end, 1 % of expenditure
   * per 1 % of weight change, both ways, built up with a 14-day time constant (our choice: the
   * papers measure the settled state, not how fast it comes).
   */
  adaptation: { perUnitWeightChange: 1.0, timeConstantDays: 14 },
  /**
   * Day-to-day scale noise, SD ~0.5 kg per person (issue #9: "about 0.5 kg"; drawn 0.4-0.6), plus
   * water swings (glycogen binds about 3 g of water per g, Olsson KE, Saltin B. Acta Physiol Scand.
   * 1970;80:11-18; sodium; gut content): an AR(1) random walk with a 5-day memory (phi 0.8) and a
   * stationary SD of 0.25 kg. Our choice within the words; a slower or larger swing looks
   * like tissue change over a 2-week window (see the noise ceiling the runner prints).
   */
  scaleNoiseKg: { min: 0.4, max: 0.6 },
  water: { phi: 0.8, sdKg: 0.25 },
  /**
   * Intake adherence 60-100 % per person (issue #9). Under the default 'habit' model it is the
   * share of days eaten to plan (the planned energy x N(1, 0.07)); on the other days the person
   * eats to appetite (their true expenditure x N(1, 0.1)). Under 'fraction' it is the share of
   * the planned energy eaten every day (x N(1, 0.07)): a person who always under-eats.
   */
  adherence: { min: 0.6, max: 1.0 },
  onPlanDaySd: 0.07,
  offPlanDaySd: 0.1,
  /**
   * Logging gaps, per person: the chance of a day without a weigh-in and, independently, without
   * a meal log (0-25 %), and of starting a 3-7 day break with no logs at all (a trip, 0-2 % a day).
   * Eating goes on while nothing is logged. Our choice.
   */
  weighGapRate: { min: 0, max: 0.25 },
  intakeGapRate: { min: 0, max: 0.25 },
  breakRate: { min: 0, max: 0.02 },
  breakDays: { min: 3, max: 7 },
  /** How the eaten day is logged: one meal log of three free-form items (breakfast, lunch, dinner). */
  mealShares: [0.25, 0.35, 0.4],
  intake: 'habit' as IntakeModel,
};

export type IntakeModel = 'habit' | 'fraction';

/** The model's numbers as a run uses them (PERSON_MODEL with any overrides from the command line). */
export type PersonModel = typeof PERSON_MODEL;

type Goal = 'FAT_LOSS' | 'MAINTENANCE' | 'MUSCLE_GAIN';

/** One synthetic person: the consultation they give and the hidden truths the system never sees. */
export interface SyntheticPerson {
  index: number;
  answers: ConsultationAnswers;
  ageYears: number;
  /** The goal's rate, signed: negative to lose, 0 to maintain, positive to gain (% body weight per week). */
  targetRatePctPerWeek: number;
  /** True expenditure / the program's formula (hidden). */
  expenditureFactor: number;
  adherence: number;
  scaleNoiseKg: number;
  weighGapRate: number;
  intakeGapRate: number;
  breakRate: number;
}

/** The body and the logging habit on the morning of a day. */
export interface BodyState {
  /** Tissue mass: the weight without the water swing. */
  massKg: number;
  waterKg: number;
  /** Expenditure added (+) or removed (-) by adaptation, kcal/day. */
  adaptationKcal: number;
  /** Days left of a break without any log. */
  breakDaysLeft: number;
}

/** What the plan asks of the day: energy and the macro grams it is split into. */
export interface DayPlan {
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
}

export interface LoggedItem {
  name: string;
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
}

/** One simulated day: what was logged (null on a gap) and what really happened. */
export interface DayOutcome {
  /** The scale's reading, 0.1 kg, when the person weighed in. */
  weighInKg: number | null;
  /** The meal log for the whole day when the person logged it; its items add up to eatenKcal. */
  meal: LoggedItem[] | null;
  eatenKcal: number;
  expenditureKcal: number;
  onPlan: boolean;
  /** Tissue mass and the scale without noise, in the morning. */
  massKg: number;
  trueWeightKg: number;
}

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

const WEEKDAY_SETS: Record<number, Weekday[]> = {
  2: ['TUESDAY', 'FRIDAY'],
  3: ['MONDAY', 'WEDNESDAY', 'FRIDAY'],
  4: ['MONDAY', 'TUESDAY', 'THURSDAY', 'FRIDAY'],
};

/** Time zones whose local day holds every instant the runner uses (06:00-20:00 UTC). */
export const SIMULATION_TIME_ZONES = ['Europe/Paris', 'Europe/London', 'UTC', 'America/New_York'] as const;

/**
 * Draws person `index` of a population: 70 % fat loss (0.25-1.0 %/week), 15 % maintenance,
 * 15 % muscle gain (0.1-0.5 %/week); adults 20-60 of both sexes, BMI fitting the goal. The
 * population mix is our choice.
 */
export function drawPerson(rng: Rng, index: number, options: { startDate: string; weeks: number }, m: PersonModel = PERSON_MODEL): SyntheticPerson {
  const sex = rng.chance(0.5) ? 'MALE' : 'FEMALE';
  const goal = rng.pick<Goal>([['FAT_LOSS', 70], ['MAINTENANCE', 15], ['MUSCLE_GAIN', 15]]);
  const rate = goal === 'FAT_LOSS'
    ? rng.pick([[0.25, 2], [0.5, 5], [0.75, 2], [1.0, 1]] as const)
    : goal === 'MUSCLE_GAIN' ? rng.pick([[0.1, 1], [0.25, 3], [0.5, 1]] as const) : null;
  const heightCm = round1(clamp(sex === 'MALE' ? rng.normal(176, 7) : rng.normal(163, 6.5), 150, 200));
  const bmi = goal === 'FAT_LOSS' ? rng.uniform(24, 35) : goal === 'MAINTENANCE' ? rng.uniform(20, 27) : rng.uniform(19, 25);
  const weightKg = round1(bmi * (heightCm / 100) ** 2);
  const ageYears = rng.int(20, 60);
  const birthDate = addDays(options.startDate, -Math.round(ageYears * 365.25 + rng.int(10, 300)));
  const activityLevel = rng.pick<ActivityLevel>([['SEDENTARY', 20], ['LIGHT', 35], ['MODERATE', 30], ['VERY_ACTIVE', 15]]);
  const trainingDaysPerWeek = rng.pick([[2, 1], [3, 3], [4, 2]] as const);
  const answers: ConsultationAnswers = {
    sex, birthDate, heightCm, weightKg, bodyFatPct: null, goal, targetRatePctPerWeek: rate,
    experience: rng.pick([['BEGINNER', 2], ['INTERMEDIATE', 2], ['ADVANCED', 1]] as const),
    trainingDaysPerWeek, preferredWeekdays: WEEKDAY_SETS[trainingDaysPerWeek]!, sessionMinutes: rng.pick([[45, 1], [60, 1]] as const),
    equipment: ['dumbbell', 'barbell', 'bench', 'cable', 'machine', 'pullup_bar'], injuries: [], excludedExercises: [],
    activityLevel, dietType: rng.pick([['OMNIVORE', 6], ['VEGETARIAN', 2], ['PESCATARIAN', 1], ['VEGAN', 1]] as const),
    allergies: [], excludedFoods: [], mealsPerDay: rng.pick([[3, 2], [4, 1]] as const),
    timeZone: rng.pick(SIMULATION_TIME_ZONES.map((tz) => [tz, 1] as const)),
    startDate: options.startDate, programWeeks: options.weeks, lifts: [],
  };
  return {
    index, answers, ageYears,
    targetRatePctPerWeek: goal === 'FAT_LOSS' ? -rate! : goal === 'MUSCLE_GAIN' ? rate! : 0,
    expenditureFactor: clamp(rng.normal(m.expenditureFactor.mean, m.expenditureFactor.sd), m.expenditureFactor.min, m.expenditureFactor.max),
    adherence: rng.uniform(m.adherence.min, m.adherence.max),
    scaleNoiseKg: rng.uniform(m.scaleNoiseKg.min, m.scaleNoiseKg.max),
    weighGapRate: rng.uniform(m.weighGapRate.min, m.weighGapRate.max),
    intakeGapRate: rng.uniform(m.intakeGapRate.min, m.intakeGapRate.max),
    breakRate: rng.uniform(m.breakRate.min, m.breakRate.max),
  };
}

/** The formula expenditure (Mifflin-St Jeor x activity factor, as the program uses) at a mass. */
export function formulaExpenditureKcal(person: SyntheticPerson, massKg: number): number {
  const { sex, heightCm, activityLevel } = person.answers;
  return tdee(bmr({ sex, heightCm, weightKg: massKg, ageYears: person.ageYears, bodyFatPct: null }).kcal, activityLevel as ActivityLevel);
}

/** The person's true expenditure today (hidden from the system). */
export function trueExpenditureKcal(person: SyntheticPerson, state: BodyState): number {
  return person.expenditureFactor * formulaExpenditureKcal(person, state.massKg) + state.adaptationKcal;
}

export function initialBodyState(person: SyntheticPerson, rng: Rng, m: PersonModel = PERSON_MODEL): BodyState {
  return { massKg: person.answers.weightKg, waterKg: rng.normal(0, m.water.sdKg), adaptationKcal: 0, breakDaysLeft: 0 };
}

/** The energy eaten on a day, before it is split into items. */
function eatenEnergy(person: SyntheticPerson, plan: DayPlan, expenditureKcal: number, m: PersonModel, rng: Rng): { kcal: number; onPlan: boolean } {
  if (m.intake === 'fraction') return { kcal: plan.kcal * person.adherence * rng.normal(1, m.onPlanDaySd), onPlan: true };
  if (rng.chance(person.adherence)) return { kcal: plan.kcal * rng.normal(1, m.onPlanDaySd), onPlan: true };
  return { kcal: expenditureKcal * rng.normal(1, m.offPlanDaySd), onPlan: false };
}

/**
 * The eaten energy as logged items: the plan's macro shares, split over breakfast, lunch and
 * dinner, in 0.1 g; each item's kcal is its macros by the Atwater factors (4/4/9, as the meal
 * log checks), so what is logged is exactly what the body gets.
 */
export function mealItems(kcal: number, plan: DayPlan, m: PersonModel = PERSON_MODEL): LoggedItem[] {
  const planKcal = KCAL_PER_G_PROTEIN * plan.proteinG + KCAL_PER_G_CARBOHYDRATE * plan.carbsG + KCAL_PER_G_FAT * plan.fatG;
  const scale = planKcal > 0 ? Math.max(0, kcal) / planKcal : 0;
  const names = ['Breakfast', 'Lunch', 'Dinner'];
  return m.mealShares.map((share, i) => {
    const proteinG = round1(plan.proteinG * scale * share);
    const carbsG = round1(plan.carbsG * scale * share);
    const fatG = round1(plan.fatG * scale * share);
    const itemKcal = round1(KCAL_PER_G_PROTEIN * proteinG + KCAL_PER_G_CARBOHYDRATE * carbsG + KCAL_PER_G_FAT * fatG);
    return { name: names[i]!, kcal: itemKcal, proteinG, carbsG, fatG };
  });
}

/**
 * One day: the morning weigh-in (or a gap), eating against the day's plan (logged, or a gap),
 * and the body's change by energy balance overnight. Returns the day and the next morning.
 */
export function simulateDay(
  person: SyntheticPerson, state: BodyState, plan: DayPlan, rng: Rng, m: PersonModel = PERSON_MODEL,
): { outcome: DayOutcome; next: BodyState } {
  let breakDaysLeft = state.breakDaysLeft;
  if (breakDaysLeft === 0 && rng.chance(person.breakRate)) breakDaysLeft = rng.int(m.breakDays.min, m.breakDays.max);
  const onBreak = breakDaysLeft > 0;
  const weighs = !onBreak && !rng.chance(person.weighGapRate);
  const logsMeal = !onBreak && !rng.chance(person.intakeGapRate);

  const trueWeightKg = state.massKg + state.waterKg;
  const scale = rng.normal(0, person.scaleNoiseKg);
  const expenditureKcal = trueExpenditureKcal(person, state);
  const eaten = eatenEnergy(person, plan, expenditureKcal, m, rng);
  const items = mealItems(eaten.kcal, plan, m);
  const eatenKcal = items.reduce((sum, item) => sum + item.kcal, 0);

  const massKg = state.massKg + (eatenKcal - expenditureKcal) / m.kcalPerKg;
  const relativeChange = (massKg - person.answers.weightKg) / person.answers.weightKg;
  const settled = m.adaptation.perUnitWeightChange * relativeChange * person.expenditureFactor * formulaExpenditureKcal(person, massKg);
  const adaptationKcal = state.adaptationKcal + (settled - state.adaptationKcal) / m.adaptation.timeConstantDays;
  const waterKg = m.water.phi * state.waterKg + rng.normal(0, m.water.sdKg * Math.sqrt(1 - m.water.phi ** 2));

  return {
    outcome: {
      weighInKg: weighs ? round1(trueWeightKg + scale) : null,
      meal: logsMeal ? items : null,
      eatenKcal, expenditureKcal, onPlan: eaten.onPlan, massKg: state.massKg, trueWeightKg,
    },
    next: { massKg, waterKg, adaptationKcal, breakDaysLeft: onBreak ? breakDaysLeft - 1 : 0 },
  };
}

/** The rest of the daily context (sleep, stress, ...): plausible values, no part of the energy model. */
export function dailyFeelings(rng: Rng): { sleepHours: number; sleepQuality: number; stress: number; soreness: number; energy: number } {
  const scale = () => clamp(Math.round(rng.normal(3.2, 0.8)), 1, 5);
  return {
    sleepHours: Math.round(clamp(rng.normal(7.2, 0.8), 4, 10) * 4) / 4,
    sleepQuality: scale(), stress: clamp(Math.round(rng.normal(2.7, 0.8)), 1, 5), soreness: clamp(Math.round(rng.normal(2.5, 0.8)), 1, 5), energy: scale(),
  };
}
