/**
 * Constants for the meal-plan generator (see ./mealPlan.ts). Each number has a name and a
 * justification; where a value is our own product choice within a published range, the comment
 * says so.
 */

/** Which kind of foods (FoodRef.mealTags) a meal is built from. */
export type MealKind = 'breakfast' | 'main' | 'snack';

export interface MealSlotSpec {
  /** Display name of the meal (PlannedMeal.name). */
  name: string;
  kind: MealKind;
  /** Share of the day's energy AND of each daily macro/fibre target given to this meal. */
  fraction: number;
}

/**
 * How the day's targets are split over the meals, by meals per day (slot order = list order).
 *
 * Justification: dietetic practice commonly distributes daily energy roughly as breakfast
 * 20-30 %, lunch 30-40 %, dinner 25-35 % and each snack 5-15 % (typical ranges in national
 * food-based guidance and meal-planning textbooks; there is no single authoritative split).
 * The exact numbers below are our product choice within those ranges; the 3-meal 30/40/30 and
 * 4-meal 25/35/10/30 splits are the ones given in the product brief.
 *  - 2 meals: Lunch 45 / Dinner 55 — two-meal patterns usually skip breakfast (time-restricted
 *    eating); dinner slightly larger, as in typical intake distributions.
 *  - 3 meals: Breakfast 30 / Lunch 40 / Dinner 30.
 *  - 4 meals: Breakfast 25 / Lunch 35 / Snack 10 / Dinner 30.
 *  - 5 meals: Breakfast 25 / Morning snack 10 / Lunch 30 / Afternoon snack 10 / Dinner 25.
 *  - 6 meals: Breakfast 20 / Morning snack 10 / Lunch 25 / Afternoon snack 10 / Dinner 25 /
 *    Evening snack 10.
 *
 * Protein is split with the same fractions as energy, so every meal has the day's protein
 * density. With 3+ meals this gives each main meal roughly 0.3-0.6 g/kg, in line with
 * Schoenfeld BJ, Aragon AA. How much protein can the body use in a single meal for
 * muscle-building? J Int Soc Sports Nutr. 2018;15:10 (≈0.4 g/kg per meal over ≥ 4 meals).
 * Snacks get proportionally less, which that paper does not forbid (it is a per-meal target for
 * the main feedings).
 */
export const MEAL_SLOTS: Readonly<Record<number, readonly MealSlotSpec[]>> = {
  2: [
    { name: 'Lunch', kind: 'main', fraction: 0.45 },
    { name: 'Dinner', kind: 'main', fraction: 0.55 },
  ],
  3: [
    { name: 'Breakfast', kind: 'breakfast', fraction: 0.3 },
    { name: 'Lunch', kind: 'main', fraction: 0.4 },
    { name: 'Dinner', kind: 'main', fraction: 0.3 },
  ],
  4: [
    { name: 'Breakfast', kind: 'breakfast', fraction: 0.25 },
    { name: 'Lunch', kind: 'main', fraction: 0.35 },
    { name: 'Snack', kind: 'snack', fraction: 0.1 },
    { name: 'Dinner', kind: 'main', fraction: 0.3 },
  ],
  5: [
    { name: 'Breakfast', kind: 'breakfast', fraction: 0.25 },
    { name: 'Morning snack', kind: 'snack', fraction: 0.1 },
    { name: 'Lunch', kind: 'main', fraction: 0.3 },
    { name: 'Afternoon snack', kind: 'snack', fraction: 0.1 },
    { name: 'Dinner', kind: 'main', fraction: 0.25 },
  ],
  6: [
    { name: 'Breakfast', kind: 'breakfast', fraction: 0.2 },
    { name: 'Morning snack', kind: 'snack', fraction: 0.1 },
    { name: 'Lunch', kind: 'main', fraction: 0.25 },
    { name: 'Afternoon snack', kind: 'snack', fraction: 0.1 },
    { name: 'Dinner', kind: 'main', fraction: 0.25 },
    { name: 'Evening snack', kind: 'snack', fraction: 0.1 },
  ],
};

export const MIN_MEALS_PER_DAY = 2;
export const MAX_MEALS_PER_DAY = 6;

/**
 * Hard acceptance tolerances per meal (product requirement): the meal's energy, computed from
 * the rounded grams, must be within ±5 % of the meal's energy target, and its protein at least
 * 90 % of the meal's protein target. Protein is a floor, not a band: a meal above its protein
 * target is accepted (the search prefers meals near it; see mealPlan.ts), because the portion
 * bounds of a protein food plus a grain can exceed a low protein target (14 % of energy for a
 * light man gaining weight) before the energy is reached. (±5 % is also about the accuracy of
 * food-table energy values themselves, so a tighter tolerance would be false precision.)
 * Carbohydrate, fat and fibre are soft targets: the solver gets as close as the foods allow.
 */
export const ENERGY_TOLERANCE = 0.05;
export const PROTEIN_TOLERANCE = 0.1;

/**
 * Length of the rotation: 7 distinct days (one week), repeated to cover the program.
 * A weekly cycle matches how people shop and batch-cook; our product choice.
 */
export const ROTATION_DAYS = 7;
export const DAYS_PER_WEEK = 7;

/**
 * Portion bounds for the solver, as multiples of the food's typical portion (FoodRef.portionG),
 * by the role the food plays in the meal. Our product choice: wide enough that a 150-900 kcal
 * meal can be hit with ordinary foods, narrow enough that no item becomes absurd (e.g. a
 * 150 g chicken portion may range 75-450 g; 10 g of oil 3-20 g; a 90 g side of broccoli
 * 45-225 g). A 3× protein portion is what a large single meal (≥ 800 kcal) needs.
 */
export const PORTION_BOUNDS = {
  protein: { min: 0.5, max: 3 },
  carb: { min: 0.25, max: 3 },
  produce: { min: 0.5, max: 2.5 },
  fat: { min: 0.25, max: 2 },
} as const;

/** No single item above this many grams (e.g. 750 ml of milk or 555 g of quinoa in one meal). Our choice. */
export const MAX_ITEM_G = 500;

/**
 * The upper bounds above (PORTION_BOUNDS max and MAX_ITEM_G) are meant for meals up to this
 * energy; for a larger meal (e.g. 2 meals a day at 3200 kcal = 1440-1760 kcal each) they are
 * scaled by mealKcal / this, so that the meal can still be built from the same 3-4 foods.
 */
export const PORTION_BOUNDS_REFERENCE_MEAL_KCAL = 800;

/**
 * Grams are rounded to 5 g for foods whose typical portion is at least 50 g (meat, rice,
 * vegetables...), and to 1 g for small-portion foods (oils, nuts, seeds, cheese, powders),
 * where 5 g would be a coarse step (5 g of oil ≈ 44 kcal).
 */
export const COARSE_ROUNDING_MIN_PORTION_G = 50;
export const COARSE_ROUNDING_STEP_G = 5;
export const FINE_ROUNDING_STEP_G = 1;

/**
 * Role eligibility (per 100 g figures of the catalogue):
 * - protein source: protein supplies at least this share of the food's energy (4 kcal/g ×
 *   protein / kcal). The primary tier (≥ 30 %) is meat, fish, eggs, lean dairy, soy foods,
 *   seitan, lentils; if a meal cannot be built from it, a secondary tier (≥ 20 %: most beans,
 *   cheeses, seeds) is tried. Our choice: 30 % is about the day's protein share of a
 *   high-protein diet, so a primary source can carry a meal's protein on its own.
 * - minimum protein in one typical portion (portionG): excludes foods whose protein share is
 *   high only because they have almost no energy (coffee, tea) and condiment-sized foods
 *   (parmesan 10 g, bacon 15 g): they cannot carry a meal's protein. 6 g ≈ one egg; our choice.
 * - the protein source must supply at least this share of the meal's protein target (its lower
 *   portion bound is raised accordingly, up to its upper bound), so that it is the meal's main
 *   protein and not a garnish next to a large portion of beans or grain. Our choice.
 */
export const PROTEIN_SOURCE_MIN_ENERGY_SHARE_PRIMARY = 0.3;
export const PROTEIN_SOURCE_MIN_ENERGY_SHARE_SECONDARY = 0.2;
export const PROTEIN_SOURCE_MIN_PROTEIN_PER_PORTION_G = 6;
export const PROTEIN_SOURCE_MIN_SHARE_OF_MEAL_PROTEIN = 0.5;

/**
 * Vegetables with at least this many g carbohydrate per 100 g (potato, sweet potato, corn, peas,
 * parsnip) count as a starchy carbohydrate source rather than as the meal's vegetable
 * (USDA MyPlate lists these as "starchy vegetables"). Green peas are starchy but too rich in
 * protein for a carbohydrate source (see below), so the generator does not use them.
 */
export const STARCHY_VEGETABLE_MIN_CARBS_G = 15;

/**
 * A carbohydrate source (grain or starchy vegetable) must have less than this share of its energy
 * from protein. Grains are 8-20 % (rice 8 %, pasta 15 %, soba 20 %); beans and lentils (24-31 %)
 * and green peas (26 %) are protein sources instead. Without this cap, "chicken + beans" meals
 * overshoot protein long before they reach the energy target. Our choice.
 */
export const CARB_SOURCE_MAX_PROTEIN_ENERGY_SHARE = 0.22;

/** Foods (fruit/vegetable/nut_seed) whose energy is at least this share fat are fat sources (avocado). */
export const FAT_SOURCE_MIN_ENERGY_SHARE = 0.6;

/**
 * Foods with a typical portion below this are seasonings, not the meal's carbohydrate or
 * vegetable (garlic 6 g, which by its 33 g carbs/100 g would otherwise count as starchy).
 */
export const CARB_AND_PRODUCE_MIN_PORTION_G = 15;

/**
 * A fat source is added only "when needed": when the meal without it reaches less than this
 * share of the meal's fat target. Our choice: below ~60 % the meal would be clearly low-fat
 * (e.g. chicken, rice and broccoli ≈ 15 % of the fat target).
 */
export const FAT_NEEDED_BELOW_TARGET_SHARE = 0.6;

/**
 * Weights of the solver's least-squares objective, on relative errors ((value − target)/target)².
 * Energy and protein are the hard targets and get weights 10 000× the soft ones, so the
 * continuous optimum meets them almost exactly whenever the portion bounds allow (a 1 % energy
 * miss costs as much as a 100 % carbohydrate miss) and the rounding has the tolerance to itself.
 * Fibre is a weak pull (it mostly increases the vegetable). The regularisation keeps portions near
 * their typical size when the targets leave freedom (e.g. how much vegetable); the vegetable/fruit
 * gets a stronger pull because it barely affects the macros.
 * Protein is a floor, not a band: when the portion bounds force a meal above its protein target
 * and holding protein near it would cost energy, the meal is solved again with protein weighted
 * like carbohydrate and fat (proteinAboveFloor), so it still leans towards the target without
 * trading energy for it.
 */
export const SOLVER_WEIGHTS = {
  energy: 10_000,
  protein: 10_000,
  proteinAboveFloor: 1,
  carbs: 1,
  fat: 1,
  fibre: 0.3,
  portion: 0.01,
  producePortion: 0.1,
} as const;

/**
 * The search prefers combinations whose rounded meal is within this fraction of the tolerances
 * (±2.5 % energy, ±5 % protein), so accepted meals are not fragile; a combination that only
 * meets the full tolerances is kept as a fallback. Our choice.
 */
export const PREFERRED_TOLERANCE_FRACTION = 0.5;

/**
 * Search limits (deterministic): how many protein/carbohydrate/produce combinations are solved
 * per meal, tier and pass, and how many fat sources are tried per combination, before moving on
 * to the next tier (and finally giving up with a RangeError). The first combination almost
 * always works; the caps bound the time spent on infeasible diets.
 */
export const MAX_COMBINATIONS_PER_TIER = 30;
/**
 * Once a fresh meal within the tolerances is found but not a preferred one (typically above the
 * preferred band around its protein target: protein is a floor, so the portion bounds may force
 * it above), this many more combinations are tried for a preferred one before taking it. Our
 * choice: it keeps the search for meals whose foods cannot get near their protein target to a few
 * solves instead of the full MAX_COMBINATIONS_PER_TIER in every tier.
 */
export const MAX_COMBINATIONS_AFTER_FRESH_FALLBACK = 5;
/** Combinations looked at (most are skipped as already used) per pass and tier. */
export const MAX_COMBINATIONS_VISITED_PER_TIER = 400;
export const MAX_FAT_OPTIONS_PER_COMBINATION = 2;

/** Greedy ±1-step moves after rounding, to bring the rounded meal back inside the tolerances. */
export const MAX_ROUNDING_REPAIR_STEPS = 40;

/**
 * When a meal cannot be built from foods tagged for its kind, foods with these tags are also
 * considered (e.g. a savoury breakfast from 'main' foods for a vegan with a soy allergy).
 */
export const FALLBACK_TAGS: Readonly<Record<MealKind, readonly MealKind[]>> = {
  breakfast: ['main', 'snack'],
  main: ['breakfast', 'snack'],
  snack: ['breakfast', 'main'],
};
