import { allowedFoods } from '../programs/nutrition/mealPlan';
import { EXERCISES } from './exercises.data';
import { FOODS } from './foods.data';
import type { ExerciseRef, FoodRef } from './reference.types';
import { Exercise, ExerciseFilter, Food, FoodFilter } from './catalog.types';
import { badInput } from '../core/errors';

/**
 * The exercise library and food catalog as the API serves them: from memory. They are the same
 * versioned data the database is seeded with (seed.ts upserts it), they change only with a
 * deploy, and the whole of them is a few hundred items, so filtering in memory is exact, costs no
 * round trip, and the generator's own rules (allowedFoods) decide what "fits a diet" means.
 */

/** The longest name search a client may send. */
export const SEARCH_MAX_LENGTH = 100;

// The GraphQL enums' values are the reference vocabulary itself (catalog.types.ts), so the
// data maps through unchanged; the casts only cross from string unions to the enum types.
const toExercise = (e: ExerciseRef): Exercise => ({
  ...e,
  primaryMuscles: [...e.primaryMuscles], secondaryMuscles: [...e.secondaryMuscles],
  equipment: [...e.equipment], contraindications: [...e.contraindications],
} as unknown as Exercise);
const toFood = (f: FoodRef): Food => ({
  id: f.id, name: f.name, category: f.category, kcal: f.kcal, proteinG: f.proteinG, carbsG: f.carbsG, fatG: f.fatG,
  fibreG: f.fibreG, portionG: f.portionG, vegan: f.vegan, vegetarian: f.vegetarian, pescatarian: f.pescatarian,
  allergens: [...f.allergens], source: f.source,
} as unknown as Food);

const exerciseById = new Map<string, Exercise>(EXERCISES.map((e) => [e.id, toExercise(e)]));
const foodById = new Map<string, Food>(FOODS.map((f) => [f.id, toFood(f)]));

export const exerciseOf = (id: string): Exercise | undefined => exerciseById.get(id);
export const foodOf = (id: string): Food | undefined => foodById.get(id);

function searchText(search: string | null | undefined): string | null {
  if (search == null) return null;
  const text = search.trim().toLowerCase();
  if (text.length < 1 || text.length > SEARCH_MAX_LENGTH) {
    throw badInput('filter.search', `search must be 1-${SEARCH_MAX_LENGTH} characters`);
  }
  return text;
}

/** Library exercises matching every criterion of the filter. */
export function filterExercises(filter: ExerciseFilter | null | undefined): Exercise[] {
  const f = filter ?? {};
  const search = searchText(f.search);
  const available = f.availableEquipment ? new Set<string>([...f.availableEquipment, 'bodyweight']) : null;
  return EXERCISES.filter((e) =>
    (!f.muscle || e.primaryMuscles.includes(f.muscle))
    && (!f.equipment || e.equipment.includes(f.equipment))
    && (!available || e.equipment.every((item) => available.has(item)))
    && (!f.pattern || e.movementPattern === f.pattern)
    && (!search || e.name.toLowerCase().includes(search)),
  ).map((e) => exerciseById.get(e.id)!);
}

/** Catalog foods matching every criterion of the filter. */
export function filterFoods(filter: FoodFilter | null | undefined): Food[] {
  const f = filter ?? {};
  const search = searchText(f.search);
  // The generator's own rule for diets and allergens, so a listed food is one a program may use.
  const fitting = allowedFoods({ dietType: f.diet ?? 'OMNIVORE', allergies: f.withoutAllergens ?? [], excludedFoods: [] }, FOODS);
  return fitting.filter((food) =>
    (!f.category || food.category === f.category)
    && (!search || food.name.toLowerCase().includes(search)),
  ).map((food) => foodById.get(food.id)!);
}
