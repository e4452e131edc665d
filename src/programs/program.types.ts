import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Exercise, Food } from '../reference/catalog.types';

// The library and catalog types moved to reference/; re-exported for the modules that import them from here.
export { Exercise, Food };

export enum ProgramStatusEnum { ACTIVE = 'active', SUPERSEDED = 'superseded', COMPLETED = 'completed' }
registerEnumType(ProgramStatusEnum, {
  name: 'ProgramStatus',
  description: 'Where a program stands',
  valuesConfig: {
    ACTIVE: { description: 'In force, or starting later' },
    SUPERSEDED: { description: 'A newer program replaced it from supersededFrom on' },
    COMPLETED: { description: 'Ran to its end date' },
  },
});

@ObjectType({ description: 'Daily energy and macro targets, and how they were derived' })
export class DailyTargets {
  @Field(() => Int, { description: 'Energy, kcal per day' }) kcal!: number;
  @Field(() => Int, { description: 'Protein, g per day' }) proteinG!: number;
  @Field(() => Int, { description: 'Carbohydrate, g per day' }) carbsG!: number;
  @Field(() => Int, { description: 'Fat, g per day' }) fatG!: number;
  @Field(() => Int, { description: 'Fibre, g per day' }) fibreG!: number;
  @Field(() => Int, { description: 'Basal metabolic rate' }) bmrKcal!: number;
  @Field(() => String, { description: 'MIFFLIN_ST_JEOR, or KATCH_MCARDLE when body fat is known' }) bmrFormula!: string;
  @Field(() => Int, { description: 'Total daily energy expenditure: BMR x activity factor' }) tdeeKcal!: number;
  @Field(() => Boolean, { description: 'The calorie floor raised the target' }) floorApplied!: boolean;
  // requestedRatePctPerWeek, expectedRatePctPerWeek: field resolvers (program.graph.resolver.ts), from the consultation
  /** The consultation whose goal, rate and weight the rates are derived from (not a GraphQL field; absent: the rates read null). */
  consultationId?: string;
}

@ObjectType({ description: 'Daily targets in force from a day on' })
export class TargetsInForce {
  @Field(() => GraphQLLocalDate, { description: 'First day these targets apply (until the next entry\'s day)' }) from!: string;
  @Field(() => DailyTargets, { description: 'The daily targets' }) targets!: DailyTargets;
}

@ObjectType({ description: 'A program: the generated plan of sessions and meals, changed since by you (changePlan) and by reassessments; every version stays in its history (planChanges)' })
export class Program {
  @Field(() => ID, { description: 'Program id' }) id!: string;
  @Field(() => ID, { description: 'The consultation it was generated from (also as the consultation field)' }) consultationId!: string;
  @Field(() => ProgramStatusEnum, { description: 'Where the program stands' }) status!: ProgramStatusEnum;
  @Field(() => GraphQLLocalDate, { description: 'Program day 1' }) startDate!: string;
  @Field(() => GraphQLLocalDate, { description: 'Its last day, inclusive' }) endDate!: string;
  @Field(() => Int, { description: 'Length in weeks' }) weeks!: number;
  @Field(() => String, { description: 'full_body, upper_lower or push_pull_legs' }) split!: string;
  @Field(() => Int, { description: 'Version of the generator that built it' }) generatorVersion!: number;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the plan is next reassessed' }) nextReassessmentDate!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The day from which a newer program replaced this one' })
  supersededFrom!: string | null;
  @Field(() => DailyTargets, { description: 'The newest daily targets: in force from the last entry of targetsHistory on (each day of days and calendar carries its own)' })
  targets!: DailyTargets;
  @Field(() => [TargetsInForce], { description: 'The daily targets over time, by first day: the generated ones from the start date, then each reassessment\'s' })
  targetsHistory!: TargetsInForce[];
  @Field(() => Int, { description: 'How many times the plan has changed since it was generated (0 as generated): the expectedVersion of changePlan and the asOfVersion of program' })
  version!: number;
  @Field(() => Date, { description: 'When it was generated' }) createdAt!: Date;
  /** Set when the program is folded from the log (asOfVersion): its plan, read instead of the read models. */
  snapshot?: import('./planDiff').PlanSnapshot;
  // consultation, days, sessions, meals: field resolvers (program.graph.resolver.ts) through per-request loaders
}

@InputType({ description: 'What to regenerate' })
export class GenerateProgramInput {
  @Field(() => GraphQLLocalDate, { description: 'First day of the new program: today or later (past days are locked)' })
  startDate!: string;
  @Field(() => Int, { description: '4-24' }) weeks!: number;
}

@ObjectType({ description: 'An exercise as planned in a session' })
export class PlannedExercise {
  @Field(() => ID, { description: 'Plan item id' }) id!: string;
  @Field(() => Int, { description: 'Order in the session' }) position!: number;
  @Field(() => Int, { description: 'Working sets' }) sets!: number;
  @Field(() => Int, { description: 'Fewest reps per set' }) repsMin!: number;
  @Field(() => Int, { description: 'Most reps per set' }) repsMax!: number;
  @Field(() => Int, { description: 'Reps in reserve to stop at' }) targetRir!: number;
  @Field(() => Int, { description: 'Rest between sets, in seconds' }) restSeconds!: number;
  @Field(() => Float, { nullable: true, description: 'From an estimated 1RM when known; else train to the RIR' }) loadKg!: number | null;
  @Field(() => String, { nullable: true, description: 'Coaching notes' }) notes!: string | null;
  @Field(() => Exercise, { description: 'The library exercise' }) exercise!: Exercise;
}

@ObjectType({ description: 'A planned training session' })
export class Session {
  @Field(() => ID, { description: 'Session id' }) id!: string;
  @Field(() => ID, { description: 'The program it belongs to' }) programId!: string;
  @Field(() => Int, { description: 'Program week, from 1' }) week!: number;
  @Field(() => Int, { description: 'Program day, 1 = start date' }) day!: number;
  @Field(() => GraphQLLocalDate, { description: 'Its date' }) date!: string;
  @Field(() => String, { description: 'Display name, e.g. Upper A' }) name!: string;
  @Field(() => String, { description: 'What it trains: full_body, upper, lower, push, pull or legs' }) focus!: string;
  @Field(() => Boolean, { description: 'A lighter deload-week session' }) isDeload!: boolean;
  @Field(() => Int, { description: 'Expected duration in minutes' }) estimatedMinutes!: number;
  // exercises: resolved by a field resolver through a per-request loader
}

@ObjectType({ description: 'A food as planned in a meal' })
export class MealItem {
  @Field(() => ID, { description: 'Plan item id' }) id!: string;
  @Field(() => Int, { description: 'Order in the meal' }) position!: number;
  @Field(() => Float, { description: 'Amount in grams' }) grams!: number;
  @Field(() => Float, { description: 'Energy of this amount, kcal' }) kcal!: number;
  @Field(() => Float, { description: 'Protein of this amount, g' }) proteinG!: number;
  @Field(() => Float, { description: 'Carbohydrate of this amount, g' }) carbsG!: number;
  @Field(() => Float, { description: 'Fat of this amount, g' }) fatG!: number;
  @Field(() => Food, { description: 'The catalog food' }) food!: Food;
}

@ObjectType({ description: 'A planned meal' })
export class Meal {
  @Field(() => ID, { description: 'Meal id' }) id!: string;
  @Field(() => ID, { description: 'The program it belongs to' }) programId!: string;
  @Field(() => Int, { description: 'Program week, from 1' }) week!: number;
  @Field(() => Int, { description: 'Program day, 1 = start date' }) day!: number;
  @Field(() => GraphQLLocalDate, { description: 'Its date' }) date!: string;
  @Field(() => Int, { description: 'Order in the day' }) slot!: number;
  @Field(() => String, { description: 'Display name, e.g. Breakfast' }) name!: string;
  @Field(() => Float, { description: 'Energy, kcal' }) kcal!: number;
  @Field(() => Float, { description: 'Protein, g' }) proteinG!: number;
  @Field(() => Float, { description: 'Carbohydrate, g' }) carbsG!: number;
  @Field(() => Float, { description: 'Fat, g' }) fatG!: number;
  // items: resolved by a field resolver through a per-request loader
}
