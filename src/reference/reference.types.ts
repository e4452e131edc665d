/**
 * Reference data: seeded, versioned data (not events). Ids are stable slugs: once shipped,
 * an id never changes meaning, because programs store them.
 */

export type MovementPattern =
  | 'squat' | 'hinge' | 'lunge' | 'horizontal_push' | 'vertical_push'
  | 'horizontal_pull' | 'vertical_pull' | 'carry' | 'core' | 'isolation' | 'conditioning';

export type Muscle =
  | 'quads' | 'hamstrings' | 'glutes' | 'calves' | 'adductors' | 'abductors'
  | 'chest' | 'front_delts' | 'side_delts' | 'rear_delts' | 'lats' | 'upper_back' | 'traps'
  | 'biceps' | 'triceps' | 'forearms' | 'abs' | 'obliques' | 'lower_back';

/** Equipment vocabulary shared with the consultation's `equipment` answer. */
export type Equipment =
  | 'bodyweight' | 'dumbbell' | 'barbell' | 'kettlebell' | 'cable' | 'machine'
  | 'resistance_band' | 'pullup_bar' | 'bench' | 'cardio_machine';

/** Injury areas shared with the consultation's `injuries` answer. */
export type Contraindication = 'knee' | 'shoulder' | 'lower_back' | 'elbow' | 'wrist' | 'hip' | 'ankle' | 'neck';

export type Difficulty = 'beginner' | 'intermediate' | 'advanced';

export interface ExerciseRef {
  id: string;
  name: string;
  movementPattern: MovementPattern;
  primaryMuscles: readonly Muscle[];
  secondaryMuscles: readonly Muscle[];
  /** Every item is needed (a barbell bench press needs barbell AND bench). */
  equipment: readonly Equipment[];
  difficulty: Difficulty;
  unilateral: boolean;
  contraindications: readonly Contraindication[];
}

export type Allergen =
  | 'gluten' | 'dairy' | 'egg' | 'peanut' | 'tree_nut' | 'soy' | 'fish' | 'shellfish' | 'sesame';

export type FoodCategory =
  | 'protein' | 'dairy' | 'grain' | 'legume' | 'vegetable' | 'fruit' | 'fat' | 'nut_seed' | 'beverage' | 'other';

export interface FoodRef {
  id: string;
  name: string;
  category: FoodCategory;
  /** Per 100 g edible portion. */
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
  fibreG: number;
  /** A typical single portion in grams. */
  portionG: number;
  vegan: boolean;
  vegetarian: boolean;
  pescatarian: boolean;
  allergens: readonly Allergen[];
  /** Which meals the food suits. */
  mealTags: readonly ('breakfast' | 'main' | 'snack')[];
  /** Published table the figures come from, e.g. 'USDA FDC SR Legacy 171077'. */
  source: string;
}
