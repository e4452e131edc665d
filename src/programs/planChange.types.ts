import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate, GraphQLUUID } from 'graphql-scalars';
import { Exercise, Food, PageInfo } from '../reference/catalog.types';
import { Program } from './program.types';

export enum PlanChangeKindEnum {
  RESCHEDULE_SESSION = 'reschedule_session',
  SWAP_EXERCISE = 'swap_exercise',
  SWAP_MEAL_ITEM = 'swap_meal_item',
  SKIP_SESSION = 'skip_session',
}
registerEnumType(PlanChangeKindEnum, {
  name: 'PlanChangeKind',
  description: 'A change you make to your own plan',
  valuesConfig: {
    RESCHEDULE_SESSION: { description: 'Move a session to another day (sessionId, toDate)' },
    SWAP_EXERCISE: { description: 'Replace an exercise of a session (plannedExerciseId, exerciseId)' },
    SWAP_MEAL_ITEM: { description: 'Replace a food of a meal; its portion is re-solved (plannedMealItemId, foodId)' },
    SKIP_SESSION: { description: 'Take a session off the plan; it does not count as missed (sessionId)' },
  },
});

export enum PlanChangeActorEnum { GENERATOR = 'generator', PERSON = 'person', REASSESSMENT = 'reassessment' }
registerEnumType(PlanChangeActorEnum, {
  name: 'PlanChangeActor',
  description: 'Who or what changed the plan',
  valuesConfig: {
    GENERATOR: { description: 'The program generator (the first version, from your consultation)' },
    PERSON: { description: 'You (changePlan)' },
    REASSESSMENT: { description: 'The bi-weekly reassessment' },
  },
});

export enum PlanChangeTypeEnum { GENERATED = 'ProgramGenerated', CHANGED_BY_PERSON = 'PlanChangedByPerson', REASSESSED = 'ReassessmentApplied' }
registerEnumType(PlanChangeTypeEnum, {
  name: 'PlanChangeType',
  description: 'The event that made a version of a program',
  valuesConfig: {
    GENERATED: { description: 'ProgramGenerated: version 0' },
    CHANGED_BY_PERSON: { description: 'PlanChangedByPerson: a change you made' },
    REASSESSED: { description: 'ReassessmentApplied: a reassessment changed the future plan' },
  },
});

@InputType({ description: 'One change to your plan: `kind` says which, and only the fields that kind uses are set (an error names a missing or stray field)' })
export class ChangePlanInput {
  @Field(() => PlanChangeKindEnum, { description: 'What to change' }) kind!: PlanChangeKindEnum;
  @Field(() => GraphQLUUID, { nullable: true, description: 'RESCHEDULE_SESSION, SKIP_SESSION: the session (today or later, not logged)' }) sessionId?: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'RESCHEDULE_SESSION: the new day, today or later, within the program, with no other session' }) toDate?: string | null;
  @Field(() => GraphQLUUID, { nullable: true, description: 'SWAP_EXERCISE: the planned exercise (PlannedExercise.id); its id stays' }) plannedExerciseId?: string | null;
  @Field(() => String, { nullable: true, description: 'SWAP_EXERCISE: the library exercise to do instead (see exerciseAlternatives)' }) exerciseId?: string | null;
  @Field(() => GraphQLUUID, { nullable: true, description: 'SWAP_MEAL_ITEM: the planned meal item (MealItem.id); its id stays' }) plannedMealItemId?: string | null;
  @Field(() => String, { nullable: true, description: 'SWAP_MEAL_ITEM: the catalog food to eat instead (see foodAlternatives)' }) foodId?: string | null;
}

@ObjectType({ description: 'One reason behind a plan change' })
export class PlanChangeReason {
  @Field(() => String, { description: 'Stable code, e.g. RESCHEDULED_BY_YOU' }) code!: string;
  @Field(() => String, { description: 'In words' }) message!: string;
}

@ObjectType({ description: 'Who or what changed the plan, and why' })
export class PlanChangeExplanation {
  @Field(() => PlanChangeActorEnum, { description: 'Who or what changed it' }) actor!: PlanChangeActorEnum;
  @Field(() => String, { description: 'One sentence, e.g. "You moved Upper A from Monday 9 March to Tuesday 10 March."' }) summary!: string;
  @Field(() => [PlanChangeReason], { description: 'Why' }) reasons!: PlanChangeReason[];
}

@ObjectType({ description: 'One version of a program: its generation (version 0) or a change to it' })
export class ProgramVersion {
  @Field(() => GraphQLUUID, { description: 'The program' }) programId!: string;
  @Field(() => Int, { description: 'The version this event made (0 = as generated); pass it as program(asOfVersion:)' }) version!: number;
  @Field(() => PlanChangeTypeEnum, { description: 'The event' }) type!: PlanChangeTypeEnum;
  @Field(() => PlanChangeKindEnum, { nullable: true, description: 'For a change you made: which kind' }) kind!: PlanChangeKindEnum | null;
  @Field(() => Date, { description: 'When it was committed' }) recordedAt!: Date;
  @Field(() => PlanChangeActorEnum, { description: 'Who or what changed the plan' }) actor!: PlanChangeActorEnum;
  @Field(() => String, { description: 'What changed, in one sentence' }) summary!: string;
  @Field(() => [PlanChangeReason], { description: 'Why it changed' }) reasons!: PlanChangeReason[];
}

@ObjectType({ description: 'A version and its place in the history' })
export class ProgramVersionEdge {
  @Field(() => String, { description: 'Opaque position: pass it as `after` to continue after this version' }) cursor!: string;
  @Field(() => ProgramVersion, { description: 'The version' }) node!: ProgramVersion;
}

@ObjectType({ description: 'A page of a program\'s history, oldest first' })
export class ProgramVersionConnection {
  @Field(() => [ProgramVersionEdge], { description: 'The versions of this page' }) edges!: ProgramVersionEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many versions the program has, generation included' }) totalCount!: number;
}

@ObjectType({ description: 'What changePlan did' })
export class PlanChangeResult {
  @Field(() => ProgramVersion, { description: 'The change, as the plan history lists it (a keyed retry answers the first one)' }) change!: ProgramVersion;
  @Field(() => Program, { description: 'The program as it stands now' }) program!: Program;
}

@ObjectType({ description: 'A food you may eat instead of a planned one, with the portion a swap would plan' })
export class FoodAlternative {
  @Field(() => Food, { description: 'The catalog food' }) food!: Food;
  @Field(() => Float, { description: 'The portion that keeps the meal closest to its totals, grams' }) grams!: number;
  @Field(() => Float, { description: 'Energy of that portion, kcal' }) kcal!: number;
  @Field(() => Float, { description: 'Protein of that portion, g' }) proteinG!: number;
  @Field(() => Float, { description: 'Carbohydrate of that portion, g' }) carbsG!: number;
  @Field(() => Float, { description: 'Fat of that portion, g' }) fatG!: number;
  @Field(() => Float, { description: 'The meal\'s energy after the swap, kcal' }) mealKcal!: number;
}

@ObjectType({ description: 'An exercise you can do instead of a planned one' })
export class ExerciseAlternative {
  @Field(() => Exercise, { description: 'The library exercise' }) exercise!: Exercise;
  @Field(() => Boolean, { description: 'Same movement pattern as the planned exercise' }) samePattern!: boolean;
  @Field(() => [String], { description: 'Primary muscles it shares with the planned exercise' }) sharedMuscles!: string[];
}
