import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AllergenEnum, DietTypeEnum, EquipmentEnum, InjuryAreaEnum } from '../consultations/consultation.types';

/**
 * GraphQL classes of the exercise library and the food catalog. Enum names are the API's; their
 * values are the reference data's own vocabulary (reference.types.ts), so data maps through as is.
 */
export enum MovementPatternEnum {
  SQUAT = 'squat', HINGE = 'hinge', LUNGE = 'lunge', HORIZONTAL_PUSH = 'horizontal_push', VERTICAL_PUSH = 'vertical_push',
  HORIZONTAL_PULL = 'horizontal_pull', VERTICAL_PULL = 'vertical_pull', CARRY = 'carry', CORE = 'core',
  ISOLATION = 'isolation', CONDITIONING = 'conditioning',
}
export enum MuscleEnum {
  QUADS = 'quads', HAMSTRINGS = 'hamstrings', GLUTES = 'glutes', CALVES = 'calves', ADDUCTORS = 'adductors',
  ABDUCTORS = 'abductors', CHEST = 'chest', FRONT_DELTS = 'front_delts', SIDE_DELTS = 'side_delts',
  REAR_DELTS = 'rear_delts', LATS = 'lats', UPPER_BACK = 'upper_back', TRAPS = 'traps', BICEPS = 'biceps',
  TRICEPS = 'triceps', FOREARMS = 'forearms', ABS = 'abs', OBLIQUES = 'obliques', LOWER_BACK = 'lower_back',
}
export enum DifficultyEnum { BEGINNER = 'beginner', INTERMEDIATE = 'intermediate', ADVANCED = 'advanced' }
export enum FoodCategoryEnum {
  PROTEIN = 'protein', DAIRY = 'dairy', GRAIN = 'grain', LEGUME = 'legume', VEGETABLE = 'vegetable', FRUIT = 'fruit',
  FAT = 'fat', NUT_SEED = 'nut_seed', BEVERAGE = 'beverage', OTHER = 'other',
}

registerEnumType(MovementPatternEnum, {
  name: 'MovementPattern',
  description: 'The movement an exercise trains',
  valuesConfig: {
    SQUAT: { description: 'Knee-dominant squatting' },
    HINGE: { description: 'Hip-dominant hinging (deadlifts, hip thrusts)' },
    LUNGE: { description: 'Single-leg lunging and stepping' },
    HORIZONTAL_PUSH: { description: 'Pushing away from the chest (presses, push-ups)' },
    VERTICAL_PUSH: { description: 'Pressing overhead' },
    HORIZONTAL_PULL: { description: 'Rowing toward the torso' },
    VERTICAL_PULL: { description: 'Pulling down from overhead (pull-ups, pulldowns)' },
    CARRY: { description: 'Loaded carries' },
    CORE: { description: 'Trunk flexion, rotation and anti-movement work' },
    ISOLATION: { description: 'Single-joint work for one muscle' },
    CONDITIONING: { description: 'Cardio and conditioning' },
  },
});
registerEnumType(MuscleEnum, {
  name: 'Muscle',
  description: 'A muscle group an exercise works',
  valuesConfig: {
    QUADS: { description: 'Quadriceps' }, HAMSTRINGS: { description: 'Hamstrings' }, GLUTES: { description: 'Gluteal muscles' },
    CALVES: { description: 'Calves' }, ADDUCTORS: { description: 'Hip adductors (inner thigh)' },
    ABDUCTORS: { description: 'Hip abductors (outer hip)' }, CHEST: { description: 'Pectorals' },
    FRONT_DELTS: { description: 'Anterior deltoids' }, SIDE_DELTS: { description: 'Lateral deltoids' },
    REAR_DELTS: { description: 'Posterior deltoids' }, LATS: { description: 'Latissimus dorsi' },
    UPPER_BACK: { description: 'Rhomboids and mid trapezius' }, TRAPS: { description: 'Upper trapezius' },
    BICEPS: { description: 'Biceps' }, TRICEPS: { description: 'Triceps' }, FOREARMS: { description: 'Forearms and grip' },
    ABS: { description: 'Rectus abdominis' }, OBLIQUES: { description: 'Obliques' }, LOWER_BACK: { description: 'Spinal erectors' },
  },
});
registerEnumType(DifficultyEnum, {
  name: 'Difficulty',
  description: 'The training experience an exercise asks for',
  valuesConfig: {
    BEGINNER: { description: 'Safe to learn in the first months' },
    INTERMEDIATE: { description: 'Needs some technique practice first' },
    ADVANCED: { description: 'Needs solid technique and training history' },
  },
});
registerEnumType(FoodCategoryEnum, {
  name: 'FoodCategory',
  description: 'The role a food mostly plays in a meal',
  valuesConfig: {
    PROTEIN: { description: 'Meat, fish, eggs and other protein sources' }, DAIRY: { description: 'Milk, yoghurt and cheese' },
    GRAIN: { description: 'Cereals, bread, rice and pasta' }, LEGUME: { description: 'Beans, lentils and peas' },
    VEGETABLE: { description: 'Vegetables' }, FRUIT: { description: 'Fruit' }, FAT: { description: 'Oils and other added fats' },
    NUT_SEED: { description: 'Nuts and seeds' }, BEVERAGE: { description: 'Drinks' }, OTHER: { description: 'Anything else' },
  },
});

@ObjectType({ description: 'An exercise of the library; use its id in excludedExercises and lifts' })
export class Exercise {
  @Field(() => ID, { description: 'Stable library id, e.g. dumbbell_goblet_squat' }) id!: string;
  @Field(() => String, { description: 'Display name' }) name!: string;
  @Field(() => MovementPatternEnum, { description: 'The movement it trains' }) movementPattern!: MovementPatternEnum;
  @Field(() => [MuscleEnum], { description: 'Muscles it mainly trains' }) primaryMuscles!: MuscleEnum[];
  @Field(() => [MuscleEnum], { description: 'Muscles it trains less' }) secondaryMuscles!: MuscleEnum[];
  @Field(() => [EquipmentEnum], { description: 'Everything it needs (all of it)' }) equipment!: EquipmentEnum[];
  @Field(() => DifficultyEnum, { description: 'The experience it asks for' }) difficulty!: DifficultyEnum;
  @Field(() => Boolean, { description: 'One side at a time' }) unilateral!: boolean;
  @Field(() => [InjuryAreaEnum], { description: 'Injury areas for which programs leave it out' }) contraindications!: InjuryAreaEnum[];
}

@ObjectType({ description: 'A food of the catalog (values per 100 g); use its id in excludedFoods' })
export class Food {
  @Field(() => ID, { description: 'Stable catalog id, e.g. egg_whole_raw' }) id!: string;
  @Field(() => String, { description: 'Display name' }) name!: string;
  @Field(() => FoodCategoryEnum, { description: 'The role it mostly plays in a meal' }) category!: FoodCategoryEnum;
  @Field(() => Float, { description: 'Energy, kcal per 100 g' }) kcal!: number;
  @Field(() => Float, { description: 'Protein, g per 100 g' }) proteinG!: number;
  @Field(() => Float, { description: 'Carbohydrate, g per 100 g' }) carbsG!: number;
  @Field(() => Float, { description: 'Fat, g per 100 g' }) fatG!: number;
  @Field(() => Float, { description: 'Fibre, g per 100 g' }) fibreG!: number;
  @Field(() => Float, { description: 'A typical portion in grams' }) portionG!: number;
  @Field(() => Boolean, { description: 'Fits a VEGAN diet' }) vegan!: boolean;
  @Field(() => Boolean, { description: 'Fits a VEGETARIAN diet' }) vegetarian!: boolean;
  @Field(() => Boolean, { description: 'Fits a PESCATARIAN diet' }) pescatarian!: boolean;
  @Field(() => [AllergenEnum], { description: 'Allergens it contains' }) allergens!: AllergenEnum[];
  @Field(() => String, { description: 'Published table the figures come from' }) source!: string;
}

@InputType({ description: 'Exercises matching every criterion given' })
export class ExerciseFilter {
  @Field(() => MuscleEnum, { nullable: true, description: 'Trains this muscle as a primary muscle' }) muscle?: MuscleEnum | null;
  @Field(() => EquipmentEnum, { nullable: true, description: 'Uses this piece of equipment' }) equipment?: EquipmentEnum | null;
  @Field(() => [EquipmentEnum], {
    nullable: true,
    description: 'Needs nothing beyond these (BODYWEIGHT is always available), as programs choose for your equipment answer',
  })
  availableEquipment?: EquipmentEnum[] | null;
  @Field(() => MovementPatternEnum, { nullable: true, description: 'Trains this movement' }) pattern?: MovementPatternEnum | null;
  @Field(() => String, { nullable: true, description: 'Name contains this text, ignoring case (1-100 characters)' }) search?: string | null;
}

@InputType({ description: 'Foods matching every criterion given' })
export class FoodFilter {
  @Field(() => FoodCategoryEnum, { nullable: true, description: 'In this category' }) category?: FoodCategoryEnum | null;
  @Field(() => DietTypeEnum, { nullable: true, description: 'Fits this diet, as programs choose for your dietType answer' }) diet?: DietTypeEnum | null;
  @Field(() => [AllergenEnum], { nullable: true, description: 'Contains none of these allergens' }) withoutAllergens?: AllergenEnum[] | null;
  @Field(() => String, { nullable: true, description: 'Name contains this text, ignoring case (1-100 characters)' }) search?: string | null;
}

@ObjectType({ description: 'Where a page ends, to ask for the next one' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More items follow endCursor' }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Pass it as `after` for the next page; null on an empty page' }) endCursor!: string | null;
}

@ObjectType({ description: 'An exercise and its place in the list' })
export class ExerciseEdge {
  @Field(() => String, { description: 'Opaque position: pass it as `after` to continue after this exercise' }) cursor!: string;
  @Field(() => Exercise, { description: 'The exercise' }) node!: Exercise;
}

@ObjectType({ description: 'A page of library exercises, by id' })
export class ExerciseConnection {
  @Field(() => [ExerciseEdge], { description: 'The exercises of this page' }) edges!: ExerciseEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many exercises match the filter, over all pages' }) totalCount!: number;
}

@ObjectType({ description: 'A food and its place in the list' })
export class FoodEdge {
  @Field(() => String, { description: 'Opaque position: pass it as `after` to continue after this food' }) cursor!: string;
  @Field(() => Food, { description: 'The food' }) node!: Food;
}

@ObjectType({ description: 'A page of catalog foods, by id' })
export class FoodConnection {
  @Field(() => [FoodEdge], { description: 'The foods of this page' }) edges!: FoodEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many foods match the filter, over all pages' }) totalCount!: number;
}
