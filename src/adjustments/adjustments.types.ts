import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { DailyTargets, Exercise } from '../programs/program.types';

export enum DayOverrideStatusEnum {
  PENDING = 'pending', APPROVED = 'approved', REJECTED = 'rejected', AUTO_APPLIED = 'auto_applied', UNDONE = 'undone', SUPERSEDED = 'superseded',
}
registerEnumType(DayOverrideStatusEnum, {
  name: 'DayOverrideStatus',
  description: 'Where a proposed change to a day stands',
  valuesConfig: {
    PENDING: { description: 'Proposed; waits for you to approve or reject it' },
    APPROVED: { description: 'You approved it: the day follows it' },
    REJECTED: { description: 'You rejected it: the day keeps its plan, and the same proposal is not made again for the day' },
    AUTO_APPLIED: { description: 'Applied at once under your AUTO policy (confidence at or above your threshold); you may undo it' },
    UNDONE: { description: 'You undid it: the day is back to its plan, and the same proposal is not made again for the day' },
    SUPERSEDED: { description: 'Replaced while pending by a newer analysis of the day (other inputs, or no change needed any more)' },
  },
});

export enum OverrideTypeEnum { NUTRITION = 'nutrition', TRAINING = 'training', BOTH = 'both' }
registerEnumType(OverrideTypeEnum, {
  name: 'OverrideType',
  description: 'What a day override changes',
  valuesConfig: {
    NUTRITION: { description: 'The day\'s energy and macro targets' },
    TRAINING: { description: 'The day\'s training session' },
    BOTH: { description: 'Both the targets and the session' },
  },
});

export enum TrainingOverrideKindEnum { LIGHTER = 'lighter', RECOVERY = 'recovery', REST = 'rest', REDUCED = 'reduced' }
registerEnumType(TrainingOverrideKindEnum, {
  name: 'TrainingOverrideKind',
  description: 'How a day override changes the session',
  valuesConfig: {
    LIGHTER: { description: 'The same exercises with fewer sets and more reps in reserve' },
    RECOVERY: { description: 'A short, easy recovery session instead' },
    REST: { description: 'No training that day' },
    REDUCED: { description: 'Volume cut because recent training load rose fast' },
  },
});

export enum AdjustmentModeEnum { AUTO = 'AUTO', ASK = 'ASK', OFF = 'OFF' }
registerEnumType(AdjustmentModeEnum, {
  name: 'AdjustmentMode',
  description: 'How daily adjustments reach your plan',
  valuesConfig: {
    AUTO: { description: 'Apply a proposal at once when its confidence is at or above your threshold; otherwise ask' },
    ASK: { description: 'Always ask before changing a day' },
    OFF: { description: 'Propose nothing' },
  },
});

export enum AnalysisTriggerEnum { CONTEXT = 'context', ON_DEMAND = 'on_demand', SWEEP = 'sweep' }
registerEnumType(AnalysisTriggerEnum, {
  name: 'AnalysisTrigger',
  description: 'What ran the analysis that made a proposal',
  valuesConfig: {
    CONTEXT: { description: 'You logged your daily context' },
    ON_DEMAND: { description: 'analyzeDay' },
    SWEEP: { description: 'The nightly sweep, after your local midnight' },
  },
});

@ObjectType({ description: 'Why a change is proposed: a stable code and one sentence' })
export class AdjustmentReason {
  @Field(() => String, { description: 'Stable reason code, e.g. low_readiness' }) code!: string;
  @Field(() => String, { description: 'The reason in one sentence' }) message!: string;
}

@ObjectType({ description: 'The energy and macro targets that replace the plan\'s for the day' })
export class NutritionOverride {
  @Field(() => Int, { description: 'Energy, kcal' }) kcal!: number;
  @Field(() => Int, { description: 'Protein, g' }) proteinG!: number;
  @Field(() => Int, { description: 'Carbohydrate, g' }) carbsG!: number;
  @Field(() => Int, { description: 'Fat, g' }) fatG!: number;
}

@ObjectType({ description: 'An exercise as the changed session prescribes it' })
export class OverrideExercise {
  @Field(() => ID, { nullable: true, description: 'The planned exercise it changes (null for one the change adds)' }) plannedExerciseId!: string | null;
  @Field(() => Exercise, { description: 'The library exercise' }) exercise!: Exercise;
  @Field(() => Int, { description: 'Working sets' }) sets!: number;
  @Field(() => Int, { description: 'Fewest reps per set' }) repsMin!: number;
  @Field(() => Int, { description: 'Most reps per set' }) repsMax!: number;
  @Field(() => Float, { description: 'Reps in reserve to stop at' }) targetRir!: number;
  @Field(() => Float, { nullable: true, description: 'Load in kg, when the plan has one' }) loadKg!: number | null;
}

@ObjectType({ description: 'The session that replaces the planned one for the day' })
export class TrainingOverride {
  @Field(() => TrainingOverrideKindEnum, { description: 'How the session changes' }) kind!: TrainingOverrideKindEnum;
  @Field(() => ID, { nullable: true, description: 'The planned session it replaces (null when the day had none)' }) sessionId!: string | null;
  @Field(() => [OverrideExercise], { description: 'The exercises to do (none for rest)' }) exercises!: OverrideExercise[];
  @Field(() => Int, { description: 'Expected duration in minutes' }) estimatedMinutes!: number;
}

@ObjectType({ description: 'A change to one day of your plan, proposed from your daily context and recent training, and what you made of it' })
export class DayOverride {
  @Field(() => ID, { description: 'Override id' }) id!: string;
  @Field(() => GraphQLLocalDate, { description: 'The day it changes (your local date)' }) date!: string;
  @Field(() => ID, { nullable: true, description: 'The program whose day it changes' }) programId!: string | null;
  @Field(() => OverrideTypeEnum, { description: 'What it changes' }) overrideType!: OverrideTypeEnum;
  @Field(() => DayOverrideStatusEnum, { description: 'Where it stands' }) status!: DayOverrideStatusEnum;
  @Field(() => Float, { description: 'How sure the rules are, 0-1' }) confidence!: number;
  @Field(() => [AdjustmentReason], { description: 'Why, in order of weight' }) reasons!: AdjustmentReason[];
  @Field(() => TrainingOverride, { nullable: true, description: 'The new session (null: training unchanged)' }) trainingOverride!: TrainingOverride | null;
  @Field(() => NutritionOverride, { nullable: true, description: 'The new targets (null: targets unchanged)' }) nutritionOverride!: NutritionOverride | null;
  @Field(() => Boolean, { description: 'True once you rejected or undid the system\'s change' }) userOverridden!: boolean;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it came into force (approved or auto-applied)' }) appliedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'The reason you gave when rejecting it' }) rejectReason!: string | null;
  @Field(() => AnalysisTriggerEnum, { nullable: true, description: 'What ran the analysis that proposed it' }) trigger!: AnalysisTriggerEnum | null;
  @Field(() => Int, { description: 'Version of the day\'s override history when this override last changed: send it as expectedVersion' }) version!: number;
  @Field(() => GraphQLDateTime, { description: 'When it was proposed' }) createdAt!: Date;
}

@ObjectType({ description: 'How daily adjustments reach your plan' })
export class AdjustmentPolicyInfo {
  @Field(() => AdjustmentModeEnum, { description: 'AUTO, ASK or OFF' }) mode!: AdjustmentModeEnum;
  @Field(() => Float, { description: 'Under AUTO, the confidence (0-1) at or above which a proposal is applied without asking' }) autoApplyThreshold!: number;
  @Field(() => Boolean, { description: 'True when you never set one: this is the default' }) isDefault!: boolean;
  @Field(() => Int, { description: 'Version of your policy (0 for the default): send it as expectedVersion' }) version!: number;
}

@ObjectType({ description: 'An exercise of the day as it stands' })
export class EffectiveExercise {
  @Field(() => ID, { nullable: true, description: 'The planned exercise (null for one the change adds)' }) plannedExerciseId!: string | null;
  @Field(() => Exercise, { description: 'The library exercise' }) exercise!: Exercise;
  @Field(() => Int, { description: 'Working sets' }) sets!: number;
  @Field(() => Int, { description: 'Fewest reps per set' }) repsMin!: number;
  @Field(() => Int, { description: 'Most reps per set' }) repsMax!: number;
  @Field(() => Float, { description: 'Reps in reserve to stop at' }) targetRir!: number;
  @Field(() => Float, { nullable: true, description: 'Load in kg, when known' }) loadKg!: number | null;
}

@ObjectType({ description: 'A session of the day as it stands: the plan, or the plan changed by an applied override' })
export class EffectiveSession {
  @Field(() => ID, { description: 'The planned session' }) sessionId!: string;
  @Field(() => String, { description: 'Display name' }) name!: string;
  @Field(() => String, { description: 'What it trains' }) focus!: string;
  @Field(() => Int, { description: 'Expected duration in minutes' }) estimatedMinutes!: number;
  @Field(() => TrainingOverrideKindEnum, { nullable: true, description: 'How an applied override changed it (null: as planned)' }) change!: TrainingOverrideKindEnum | null;
  @Field(() => [EffectiveExercise], { description: 'Its exercises, in order' }) exercises!: EffectiveExercise[];
}

@ObjectType({ description: 'The day as it stands: the plan with an approved or auto-applied override applied' })
export class EffectiveDay {
  @Field(() => DailyTargets, { nullable: true, description: 'The targets (the override\'s energy and macros when it changes them)' }) targets!: DailyTargets | null;
  @Field(() => [EffectiveSession], { description: 'The sessions to do (none on a rest day)' }) sessions!: EffectiveSession[];
  @Field(() => ID, { nullable: true, description: 'The applied override that shapes the day (null: the day is as planned)' }) appliedOverrideId!: string | null;
}
