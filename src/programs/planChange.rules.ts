import { availableExercises } from './training/trainingPlan';
import { allowedFoods, type DietType } from './nutrition/mealPlan';
import type { ExerciseRef, FoodRef } from '../reference/reference.types';
import type { StoredMeal } from './program';
import { COARSE_ROUNDING_MIN_PORTION_G, COARSE_ROUNDING_STEP_G, FINE_ROUNDING_STEP_G } from './nutrition/mealPlan.constants';

/** What the consultation says the person can train with and may eat (its answers, as stored). */
export interface PersonLimits {
  equipment: string[];
  injuries: string[];
  excludedExercises: string[];
  dietType: DietType;
  allergies: string[];
  excludedFoods: string[];
}

/**
 * Bounds on a swapped-in food's portion, as multiples of the catalog's typical portion: a swap
 * never asks for a sliver nor a mountain of a food (the generator's own portions sit within
 * them; mealPlan.constants bounds each role similarly). Project rule, not a published figure.
 */
export const SWAP_PORTION_MIN_FACTOR = 0.25;
export const SWAP_PORTION_MAX_FACTOR = 3;
/** Grams are rounded to the generator's step for the food (mealPlan.constants: 5 g, or 1 g for small portions). */
const gramStep = (food: FoodRef): number =>
  (food.portionG >= COARSE_ROUNDING_MIN_PORTION_G ? COARSE_ROUNDING_STEP_G : FINE_ROUNDING_STEP_G);
/** Energy per gram of protein, carbohydrate and fat (Atwater general factors, FAO 2003, Food energy: methods of analysis). */
const ATWATER = { proteinG: 4, carbsG: 4, fatG: 9 } as const;

/** Why an exercise does not fit the person, in words, or null when it does. */
export function exerciseMisfit(exercise: ExerciseRef, limits: PersonLimits): string | null {
  if (availableExercises(limits, [exercise]).length === 1) return null;
  if (limits.excludedExercises.includes(exercise.id)) return `you excluded ${exercise.name} in your consultation`;
  const equipment = new Set(['bodyweight', ...limits.equipment]);
  const missing = exercise.equipment.filter((e) => !equipment.has(e));
  if (missing.length) return `${exercise.name} needs equipment you do not have: ${missing.join(', ')}`;
  const injuries = exercise.contraindications.filter((c) => limits.injuries.includes(c));
  if (injuries.length) return `${exercise.name} is not advised with your ${injuries.join(', ').replace(/_/g, ' ')} injury`;
  return `${exercise.name} (${exercise.movementPattern}) is not used in strength sessions`;
}

/** Why a food is not allowed for the person, in words, or null when it is. */
export function foodMisfit(food: FoodRef, limits: PersonLimits): string | null {
  if (allowedFoods(limits, [food]).length === 1) return null;
  if (limits.excludedFoods.includes(food.id)) return `you excluded ${food.name} in your consultation`;
  const allergens = food.allergens.filter((a) => limits.allergies.includes(a));
  if (allergens.length) return `${food.name} contains ${allergens.join(', ').replace(/_/g, ' ')}, which you are allergic to`;
  return `${food.name} does not fit your ${limits.dietType.toLowerCase()} diet`;
}

/**
 * Alternatives to an exercise, best first: same movement pattern and a shared primary muscle,
 * then a shared primary muscle, then the same pattern; others are not suggested. Ties keep the
 * library's order. `taken` are the exercises already in the session.
 */
export function rankExerciseAlternatives(current: ExerciseRef, library: readonly ExerciseRef[], limits: PersonLimits, taken: ReadonlySet<string>): ExerciseRef[] {
  const score = (ex: ExerciseRef): number => {
    const shares = ex.primaryMuscles.some((m) => current.primaryMuscles.includes(m));
    const samePattern = ex.movementPattern === current.movementPattern;
    return (shares && samePattern ? 3 : shares ? 2 : samePattern ? 1 : 0);
  };
  return availableExercises(limits, library)
    .filter((ex) => ex.id !== current.id && !taken.has(ex.id))
    .map((ex, index) => ({ ex, index, score: score(ex) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((r) => r.ex);
}

type Macro = keyof typeof ATWATER;
/** The macro that gives a food most of its energy. */
export function mainMacro(values: { proteinG: number; carbsG: number; fatG: number }): Macro {
  return (Object.keys(ATWATER) as Macro[]).reduce((best, m) => (values[m] * ATWATER[m] > values[best] * ATWATER[best] ? m : best), 'proteinG');
}

/**
 * Alternatives to a meal item, best first: same main macro and same category, then same main
 * macro, then same category (others are not suggested), among the foods the person may eat that
 * are not in the meal already. Ties keep the catalog's order.
 */
export function rankFoodAlternatives(current: FoodRef, catalog: readonly FoodRef[], limits: PersonLimits, taken: ReadonlySet<string>): FoodRef[] {
  const macro = mainMacro(current);
  return allowedFoods(limits, catalog)
    .filter((f) => f.id !== current.id && !taken.has(f.id))
    .map((f, index) => {
      const sameMacro = mainMacro(f) === macro;
      const sameCategory = f.category === current.category;
      return { f, index, score: sameMacro && sameCategory ? 3 : sameMacro ? 2 : sameCategory ? 1 : 0 };
    })
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((r) => r.f);
}

export interface ItemValues { grams: number; kcal: number; proteinG: number; carbsG: number; fatG: number }

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** An item's values from its grams, rounded as the generator rounds them (whole kcal, macros to 0.1 g). */
export function itemValues(food: FoodRef, grams: number): ItemValues {
  return {
    grams, kcal: Math.round((food.kcal * grams) / 100), proteinG: round1((food.proteinG * grams) / 100),
    carbsG: round1((food.carbsG * grams) / 100), fatG: round1((food.fatG * grams) / 100),
  };
}

/**
 * The portion of `food` that replaces item `index` of `meal` so the meal keeps its totals as well
 * as one item can: the grams g that minimise the sum over kcal, protein, carbs and fat of
 * ((rest + g x per-gram value - meal total) / meal total)^2, where rest is the meal without the
 * replaced item (1-D least squares in closed form), clamped to SWAP_PORTION_MIN/MAX_FACTOR x the
 * food's typical portion, then the better of the two neighbouring points on the generator's gram
 * grid, judged on the rounded values the plan will hold.
 */
export function solvePortion(meal: Pick<StoredMeal, 'kcal' | 'proteinG' | 'carbsG' | 'fatG' | 'items'>, index: number, food: FoodRef): ItemValues {
  const keys = ['kcal', 'proteinG', 'carbsG', 'fatG'] as const;
  let numerator = 0;
  let denominator = 0;
  for (const k of keys) {
    const total = meal[k];
    if (!(total > 0)) continue;
    const rest = meal.items.reduce((sum, item, i) => (i === index ? sum : sum + item[k]), 0);
    const perGram = food[k] / 100;
    const weight = 1 / (total * total);
    numerator += weight * perGram * (total - rest);
    denominator += weight * perGram * perGram;
  }
  const step = gramStep(food);
  const lo = Math.ceil((SWAP_PORTION_MIN_FACTOR * food.portionG) / step) * step;
  const hi = Math.max(lo, Math.floor((SWAP_PORTION_MAX_FACTOR * food.portionG) / step) * step);
  const best = denominator > 0 ? numerator / denominator : food.portionG;
  // The grid points either side of the continuous optimum, judged on the rounded values the plan will hold.
  const miss = (grams: number): number => {
    const totals = mealTotals(meal.items.map((item, i) => (i === index ? itemValues(food, grams) : item)));
    return keys.reduce((sum, k) => (meal[k] > 0 ? sum + ((totals[k] - meal[k]) / meal[k]) ** 2 : sum), 0);
  };
  const clamp = (g: number): number => Math.min(hi, Math.max(lo, g));
  const [down, up] = [clamp(Math.floor(best / step) * step), clamp(Math.ceil(best / step) * step)];
  return itemValues(food, miss(up) < miss(down) ? up : down);
}

/** Meal totals as the generator gives them: sums of the items (macros re-rounded to 0.1 g). */
export function mealTotals(items: readonly ItemValues[]): { kcal: number; proteinG: number; carbsG: number; fatG: number } {
  const sum = (k: keyof ItemValues) => items.reduce((s, i) => s + i[k], 0);
  return { kcal: Math.round(sum('kcal')), proteinG: round1(sum('proteinG')), carbsG: round1(sum('carbsG')), fatG: round1(sum('fatG')) };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** 'Monday 9 March' for '2026-03-09'. */
export function spokenDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}
