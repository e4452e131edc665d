import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

export enum ProgramStatusEnum { ACTIVE = 'active', SUPERSEDED = 'superseded', COMPLETED = 'completed' }
registerEnumType(ProgramStatusEnum, { name: 'ProgramStatus' });

@ObjectType({ description: 'Daily energy and macro targets, and how they were derived' })
export class DailyTargets {
  @Field(() => Int) kcal!: number;
  @Field(() => Int) proteinG!: number;
  @Field(() => Int) carbsG!: number;
  @Field(() => Int) fatG!: number;
  @Field(() => Int) fibreG!: number;
  @Field(() => Int, { description: 'Basal metabolic rate' }) bmrKcal!: number;
  @Field(() => String, { description: 'MIFFLIN_ST_JEOR, or KATCH_MCARDLE when body fat is known' }) bmrFormula!: string;
  @Field(() => Int, { description: 'Total daily energy expenditure: BMR x activity factor' }) tdeeKcal!: number;
  @Field(() => Boolean, { description: 'The calorie floor raised the target' }) floorApplied!: boolean;
}

@ObjectType({ description: 'A generated program: an immutable snapshot of sessions and meals' })
export class Program {
  @Field(() => ID) id!: string;
  @Field(() => ID) consultationId!: string;
  @Field(() => ProgramStatusEnum) status!: ProgramStatusEnum;
  @Field(() => GraphQLLocalDate) startDate!: string;
  @Field(() => GraphQLLocalDate) endDate!: string;
  @Field(() => Int) weeks!: number;
  @Field(() => String, { description: 'full_body, upper_lower or push_pull_legs' }) split!: string;
  @Field(() => Int) generatorVersion!: number;
  @Field(() => GraphQLLocalDate, { nullable: true }) nextReassessmentDate!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The day from which a newer program replaced this one' })
  supersededFrom!: string | null;
  @Field(() => DailyTargets) targets!: DailyTargets;
  @Field(() => Date) createdAt!: Date;
}

@InputType()
export class GenerateProgramInput {
  @Field(() => GraphQLLocalDate, { description: 'First day of the new program: today or later (past days are locked)' })
  startDate!: string;
  @Field(() => Int, { description: '4-24' }) weeks!: number;
}

@ObjectType({ description: 'An exercise of the library' })
export class Exercise {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) movementPattern!: string;
  @Field(() => [String]) primaryMuscles!: string[];
  @Field(() => [String]) secondaryMuscles!: string[];
  @Field(() => [String]) equipment!: string[];
  @Field(() => String) difficulty!: string;
  @Field(() => Boolean) unilateral!: boolean;
  @Field(() => [String]) contraindications!: string[];
}

@ObjectType({ description: 'An exercise as planned in a session' })
export class PlannedExercise {
  @Field(() => ID) id!: string;
  @Field(() => Int) position!: number;
  @Field(() => Int) sets!: number;
  @Field(() => Int) repsMin!: number;
  @Field(() => Int) repsMax!: number;
  @Field(() => Int, { description: 'Reps in reserve to stop at' }) targetRir!: number;
  @Field(() => Int) restSeconds!: number;
  @Field(() => Float, { nullable: true, description: 'From an estimated 1RM when known; else train to the RIR' }) loadKg!: number | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => Exercise) exercise!: Exercise;
}

@ObjectType({ description: 'A planned training session' })
export class Session {
  @Field(() => ID) id!: string;
  @Field(() => ID) programId!: string;
  @Field(() => Int) week!: number;
  @Field(() => Int, { description: 'Program day, 1 = start date' }) day!: number;
  @Field(() => GraphQLLocalDate) date!: string;
  @Field(() => String) name!: string;
  @Field(() => String) focus!: string;
  @Field(() => Boolean) isDeload!: boolean;
  @Field(() => Int) estimatedMinutes!: number;
  // exercises: resolved by a field resolver through a per-request loader
}

@ObjectType({ description: 'A food of the catalog (values per 100 g)' })
export class Food {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) category!: string;
  @Field(() => Float) kcal!: number;
  @Field(() => Float) proteinG!: number;
  @Field(() => Float) carbsG!: number;
  @Field(() => Float) fatG!: number;
  @Field(() => Float) fibreG!: number;
  @Field(() => Float, { description: 'A typical portion in grams' }) portionG!: number;
  @Field(() => Boolean) vegan!: boolean;
  @Field(() => Boolean) vegetarian!: boolean;
  @Field(() => [String]) allergens!: string[];
  @Field(() => String, { description: 'Published table the figures come from' }) source!: string;
}

@ObjectType({ description: 'A food as planned in a meal' })
export class MealItem {
  @Field(() => ID) id!: string;
  @Field(() => Int) position!: number;
  @Field(() => Float) grams!: number;
  @Field(() => Float) kcal!: number;
  @Field(() => Float) proteinG!: number;
  @Field(() => Float) carbsG!: number;
  @Field(() => Float) fatG!: number;
  @Field(() => Food) food!: Food;
}

@ObjectType({ description: 'A planned meal' })
export class Meal {
  @Field(() => ID) id!: string;
  @Field(() => ID) programId!: string;
  @Field(() => Int) week!: number;
  @Field(() => Int) day!: number;
  @Field(() => GraphQLLocalDate) date!: string;
  @Field(() => Int) slot!: number;
  @Field(() => String) name!: string;
  @Field(() => Float) kcal!: number;
  @Field(() => Float) proteinG!: number;
  @Field(() => Float) carbsG!: number;
  @Field(() => Float) fatG!: number;
  // items: resolved by a field resolver through a per-request loader
}
