/**
 * Property test (hardening issue, point 4): no valid answers may be refused. Random consultations
 * drawn across every enum and numeric range the API accepts (src/consultations/consultation.rules.ts)
 * must all build a program whose days hit their energy target within ±5 % and whose meals reach
 * their protein floor. The few combinations that truly cannot be built are listed in
 * KNOWN_IMPOSSIBLE with the reason; they must be refused with BAD_USER_INPUT naming the missing
 * food group and the answer at fault.
 *
 * Reproduce a failure: the message prints the seed and the case index;
 * `PROPERTY_SEED=<seed> PROPERTY_CASES=<n> npx jest src/programs/program.property.test.ts`.
 */
import {
  ACTIVITY_LEVELS, ALLERGENS, ConsultationAnswers, DIET_TYPES, EQUIPMENT, EXPERIENCE_LEVELS, GOALS, INJURY_AREAS, SEXES,
  WEEKDAYS,
} from '../consultations/consultation';
import { CONSULTATION_RULES } from '../consultations/consultation.rules';
import { AppError } from '../core/errors';
import { EXERCISES } from '../reference/exercises.data';
import { FOODS } from '../reference/foods.data';
import { ENERGY_TOLERANCE, MEAL_SLOTS, PROTEIN_TOLERANCE } from './nutrition/mealPlan.constants';
import { ageOn, nutritionTargets } from './nutrition/targets';
import { generateProgram, generationError } from './program.generate';

/** What completeConsultation does with answers no program can be built from: BAD_USER_INPUT. */
function checkProgramCanBeBuilt(answers: ConsultationAnswers, now: string): void {
  try {
    generateProgram({
      programId: '00000000-0000-4000-8000-000000000000', userId: '00000000-0000-4000-8000-000000000000',
      consultationId: '00000000-0000-4000-8000-000000000000', answers, startDate: answers.startDate,
      weeks: answers.programWeeks, at: now, supersedes: null,
    });
  } catch (error) {
    generationError(error);
  }
}

const SEED = Number(process.env.PROPERTY_SEED ?? 20261125);
const CASES = Number(process.env.PROPERTY_CASES ?? 300);
const START_DATE = '2026-12-07';
const NOW = '2026-12-01T09:00:00.000Z';
/** The issue's budget for the whole run. */
const TIME_BUDGET_MS = 30_000;

/** mulberry32: a tiny seeded PRNG (public domain), so every run with a seed draws the same cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const uniform = (r: Rand, min: number, max: number): number => min + (max - min) * r();
const int = (r: Rand, min: number, max: number): number => Math.floor(uniform(r, min, max + 1));
const oneOf = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
/** Each item kept with probability p, in list order. */
const subset = <T>(r: Rand, xs: readonly T[], p: number): T[] => xs.filter(() => r() < p);
/** k distinct items. */
function sample<T>(r: Rand, xs: readonly T[], k: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < k && pool.length > 0) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0]);
  return out;
}

function birthDateForAge(r: Rand, age: number): string {
  const [y, m, d] = START_DATE.split('-').map(Number);
  // A birthday from 1 to 360 days before the age is reached again: the age on START_DATE is `age`.
  const date = new Date(Date.UTC(y - age, m - 1, d - int(r, 1, 360)));
  return date.toISOString().slice(0, 10);
}

/** One random consultation that consultation.rules.ts accepts. */
function randomAnswers(r: Rand): ConsultationAnswers {
  const rules = CONSULTATION_RULES;
  const heightCm = round(uniform(r, rules.heightCm.min, rules.heightCm.max), 1);
  // Weight: a third anywhere in the accepted range (mostly extreme BMIs), the rest from a BMI of 16-45.
  const weightKg = r() < 1 / 3
    ? round(uniform(r, rules.weightKg.min, rules.weightKg.max), 1)
    : round(Math.min(rules.weightKg.max, Math.max(rules.weightKg.min, uniform(r, 16, 45) * (heightCm / 100) ** 2)), 1);
  const goal = oneOf(r, GOALS);
  const rateBounds = (rules.targetRatePctPerWeek as Record<string, { min: number; max: number } | undefined>)[goal];
  const trainingDaysPerWeek = int(r, rules.trainingDaysPerWeek.min, rules.trainingDaysPerWeek.max);
  const excludedExercises = sample(r, EXERCISES.map((e) => e.id), int(r, 0, 5));
  return {
    sex: oneOf(r, SEXES),
    birthDate: birthDateForAge(r, int(r, rules.ageYears.min, rules.ageYears.max)),
    heightCm,
    weightKg,
    bodyFatPct: r() < 0.4 ? null : round(uniform(r, rules.bodyFatPct.min, rules.bodyFatPct.max), 1),
    goal,
    targetRatePctPerWeek: rateBounds && r() < 0.75 ? round(uniform(r, rateBounds.min, rateBounds.max), 2) : null,
    experience: oneOf(r, EXPERIENCE_LEVELS),
    trainingDaysPerWeek,
    preferredWeekdays: sample(r, WEEKDAYS, trainingDaysPerWeek).sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b)),
    sessionMinutes: int(r, rules.sessionMinutes.min, rules.sessionMinutes.max),
    equipment: ['bodyweight', ...subset(r, EQUIPMENT.filter((e) => e !== 'bodyweight'), 0.4)],
    injuries: subset(r, INJURY_AREAS, 0.15),
    excludedExercises,
    activityLevel: oneOf(r, ACTIVITY_LEVELS),
    dietType: oneOf(r, DIET_TYPES),
    allergies: subset(r, ALLERGENS, 0.2),
    excludedFoods: sample(r, FOODS.map((f) => f.id), int(r, 0, 8)),
    mealsPerDay: int(r, rules.mealsPerDay.min, rules.mealsPerDay.max),
    timeZone: 'UTC',
    startDate: START_DATE,
    programWeeks: int(r, rules.programWeeks.min, rules.programWeeks.max),
    lifts: sample(r, EXERCISES.map((e) => e.id), int(r, 0, 3)).map((exerciseId) => ({
      exerciseId,
      weightKg: round(uniform(r, rules.lift.weightKg.min, rules.lift.weightKg.max), 1),
      reps: int(r, rules.lift.reps.min, rules.lift.reps.max),
    })),
  };
}

/** Protein's share of the day's energy target. */
function proteinEnergyShare(a: ConsultationAnswers): number {
  const t = nutritionTargets({
    sex: a.sex, ageYears: ageOn(a.birthDate, START_DATE), heightCm: a.heightCm, weightKg: a.weightKg,
    bodyFatPct: a.bodyFatPct, activityLevel: a.activityLevel, goal: a.goal, targetRatePctPerWeek: a.targetRatePctPerWeek,
  });
  return (4 * t.proteinG) / t.targetKcal;
}

const has = (a: ConsultationAnswers, ...allergens: ConsultationAnswers['allergies']): boolean =>
  allergens.every((x) => a.allergies.includes(x));

/** No meat, fish, dairy or egg is left: every protein food is a plant. */
const plantProteinOnly = (a: ConsultationAnswers): boolean =>
  a.dietType === 'VEGAN' ||
  (a.dietType === 'VEGETARIAN' && has(a, 'dairy', 'egg')) ||
  (a.dietType === 'PESCATARIAN' && has(a, 'dairy', 'egg', 'fish', 'shellfish'));

/**
 * Combinations the food catalogue (v1) truly cannot serve: the reason, and the answer the refusal
 * must name. They may be refused (a case near the edge may still build); anything else must build.
 */
const KNOWN_IMPOSSIBLE: { reason: string; field: string; matches: (a: ConsultationAnswers) => boolean }[] = [
  {
    reason:
      'plant protein only, allergic to soy and gluten: the densest protein foods left are lentils (31 % of energy ' +
      'from protein) and other pulses (22-28 %), so with a grain and a vegetable beside them no meal reaches a ' +
      'protein target of about 28 % of energy or more (fat loss at 2.2 g/kg, or the 35 % cap). The catalogue has no ' +
      'soy- and gluten-free vegan protein concentrate (pea or rice protein)',
    field: 'input.allergies',
    matches: (a) => plantProteinOnly(a) && has(a, 'soy', 'gluten') && proteinEnergyShare(a) >= 0.28,
  },
];

interface Outcome {
  problems: string[];
}

function check(answers: ConsultationAnswers): Outcome {
  const problems: string[] = [];
  const known = KNOWN_IMPOSSIBLE.find((k) => k.matches(answers));
  let program;
  try {
    program = generateProgram({
      programId: '22222222-2222-4222-8222-222222222222', userId: '11111111-1111-4111-8111-111111111111',
      consultationId: '33333333-3333-4333-8333-333333333333', answers, startDate: START_DATE,
      weeks: answers.programWeeks, at: NOW, supersedes: null,
    });
  } catch (error) {
    if (!known) return { problems: [`refused: ${(error as Error).message}`] };
    let refusal: unknown;
    try {
      checkProgramCanBeBuilt(answers, NOW);
    } catch (e) {
      refusal = e;
    }
    if (!(refusal instanceof AppError) || refusal.code !== 'BAD_USER_INPUT' || refusal.field !== known.field) {
      problems.push(`known impossible (${known.reason}) but refused with ${String(refusal)} (field ${(refusal as AppError)?.field})`);
    } else if (!/no (breakfast|main-meal|snack) (protein|carbohydrate|vegetable or fruit) food/.test(refusal.message)) {
      problems.push(`the refusal does not name the missing food group: ${refusal.message}`);
    }
    return { problems };
  }
  const { targets } = program;
  const slots = MEAL_SLOTS[answers.mealsPerDay];
  const dayKcal = new Map<number, number>();
  for (const meal of program.bundle.meals) {
    dayKcal.set(meal.day, (dayKcal.get(meal.day) ?? 0) + meal.kcal);
    const proteinFloor = targets.proteinG * slots[meal.slot - 1].fraction * (1 - PROTEIN_TOLERANCE);
    if (meal.proteinG < proteinFloor - 1e-9) {
      problems.push(`day ${meal.day} ${meal.name}: ${meal.proteinG} g protein < floor ${round(proteinFloor, 1)}`);
    }
  }
  for (const [day, kcal] of dayKcal) {
    if (Math.abs(kcal - targets.targetKcal) > ENERGY_TOLERANCE * targets.targetKcal) {
      problems.push(`day ${day}: ${kcal} kcal vs target ${targets.targetKcal}`);
    }
  }
  if (dayKcal.size !== answers.programWeeks * 7) problems.push(`${dayKcal.size} days planned, not ${answers.programWeeks * 7}`);
  return { problems: problems.slice(0, 5) };
}

const ISSUE_BASE: ConsultationAnswers = {
  sex: 'MALE', birthDate: '2004-06-15', heightCm: 175, weightKg: 60, bodyFatPct: null, goal: 'MUSCLE_GAIN', targetRatePctPerWeek: 0.5,
  experience: 'BEGINNER', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['bodyweight', 'dumbbell', 'barbell', 'bench'], injuries: [], excludedExercises: [], activityLevel: 'MODERATE',
  dietType: 'OMNIVORE', allergies: [], excludedFoods: [], mealsPerDay: 3, timeZone: 'UTC', startDate: START_DATE, programWeeks: 12,
  lifts: [],
};

describe('the cases of the issue', () => {
  it.each([2, 3, 4, 5, 6])('a 22-year-old 60 kg man gaining 0.5 %%/week gets a program at %i meals a day', (mealsPerDay) => {
    expect(check({ ...ISSUE_BASE, mealsPerDay }).problems).toEqual([]);
  });

  it.each([2, 3, 4, 5, 6])('a 75 kg VERY_ACTIVE man gaining 0.5 %%/week gets a program at %i meals a day', (mealsPerDay) => {
    expect(check({ ...ISSUE_BASE, weightKg: 75, activityLevel: 'VERY_ACTIVE', mealsPerDay }).problems).toEqual([]);
  });

  it('a vegan with soy and gluten allergies on a high-protein fat loss is refused, naming the missing protein foods', () => {
    const answers: ConsultationAnswers = {
      ...ISSUE_BASE, sex: 'FEMALE', weightKg: 58, heightCm: 165, goal: 'FAT_LOSS', targetRatePctPerWeek: 1,
      activityLevel: 'SEDENTARY', dietType: 'VEGAN', allergies: ['soy', 'gluten'],
    };
    expect(KNOWN_IMPOSSIBLE[0].matches(answers)).toBe(true);
    let refusal: unknown;
    try {
      checkProgramCanBeBuilt(answers, NOW);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.allergies' });
    expect((refusal as AppError).message).toMatch(
      /no (breakfast|main-meal) protein food that fits a vegan diet with soy and gluten allergies is dense enough/,
    );
    // The same person without the allergies gets a program.
    expect(check({ ...answers, allergies: [] }).problems).toEqual([]);
  });
});

describe(`random consultations (seed ${SEED}, ${CASES} cases)`, () => {
  it('all build a program whose days hit their energy, or are listed as impossible and refused with the reason', () => {
    const r = prng(SEED);
    const started = Date.now();
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const answers = randomAnswers(r);
      const { problems } = check(answers);
      if (problems.length > 0) {
        failures.push(`seed ${SEED} case ${i}: ${JSON.stringify(answers)}\n  ${problems.join('\n  ')}`);
      }
    }
    const elapsed = Date.now() - started;
    expect(`${failures.length} of ${CASES} failed\n${failures.slice(0, 10).join('\n\n')}`).toBe(`0 of ${CASES} failed\n`);
    expect(elapsed).toBeLessThan(TIME_BUDGET_MS);
  }, 120_000);
});
