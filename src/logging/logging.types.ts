import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { PageInfo } from '../reference/catalog.types';

export enum ActivityKindEnum { STRENGTH = 'strength', CARDIO = 'cardio', MOBILITY = 'mobility', SPORT = 'sport', OTHER = 'other' }
registerEnumType(ActivityKindEnum, {
  name: 'ActivityKind',
  description: 'What sort of training an activity was',
  valuesConfig: {
    STRENGTH: { description: 'Resistance training: sets of exercises' },
    CARDIO: { description: 'Endurance work: running, cycling, rowing, ...' },
    MOBILITY: { description: 'Mobility, stretching, yoga' },
    SPORT: { description: 'A game or sport session' },
    OTHER: { description: 'Anything else' },
  },
});

export enum AdherenceStatusEnum { COMPLETED = 'completed', PARTIAL = 'partial', SIMILAR = 'similar', SKIPPED = 'skipped', UNKNOWN = 'unknown' }
registerEnumType(AdherenceStatusEnum, {
  name: 'AdherenceStatus',
  description: 'How a planned session or meal was followed (bands in the README)',
  valuesConfig: {
    COMPLETED: { description: 'Done within the plan: training within ±20 % of its volume (or duration), a meal within ±10 % of its energy' },
    PARTIAL: { description: 'Done, but off the amount planned' },
    SIMILAR: { description: 'A different session of the same movement patterns in its place' },
    SKIPPED: { description: 'Its local day is over and nothing was logged for it' },
    UNKNOWN: { description: 'Logged without anything to compare with the plan' },
  },
});

export enum ComplianceColourEnum { GREEN = 'green', YELLOW = 'yellow', ORANGE = 'orange', RED = 'red', GREY = 'grey' }
registerEnumType(ComplianceColourEnum, {
  name: 'ComplianceColour',
  description: 'A traffic light for adherence, as endurance platforms colour a workout against its plan',
  valuesConfig: {
    GREEN: { description: 'Completed within the band' },
    YELLOW: { description: 'Partial within 50-150 %, or similar' },
    ORANGE: { description: 'Done, but outside 50-150 % of the plan, or of another kind' },
    RED: { description: 'Skipped' },
    GREY: { description: 'Unknown' },
  },
});

@InputType({ description: 'One set as performed' })
export class LoggedSetInput {
  @Field(() => Int, { description: 'Repetitions done (0-1000)' }) reps!: number;
  @Field(() => Float, { nullable: true, description: 'External load in kg (0-1000); omit for bodyweight' }) loadKg?: number | null;
  @Field(() => Float, { nullable: true, description: 'Reps in reserve at the end of the set (0-10)' }) rir?: number | null;
}

@InputType({ description: 'An exercise as performed, with its sets' })
export class LoggedExerciseInput {
  @Field(() => String, { description: 'A library exercise id (see `exercises`)' }) exerciseId!: string;
  @Field(() => [LoggedSetInput], { description: 'The sets, in order (1-30)' }) sets!: LoggedSetInput[];
}

@InputType({ description: 'An activity as it was done' })
export class LogActivityInput {
  @Field(() => GraphQLDateTime, { description: 'When it started; your time zone decides the day it counts for. At most a day ahead of now' })
  performedAt!: string;
  @Field(() => ActivityKindEnum, { description: 'What sort of training it was' }) kind!: ActivityKindEnum;
  @Field(() => Int, { description: 'Minutes (1-1439)' }) durationMinutes!: number;
  @Field(() => Float, { description: 'Session RPE on the CR-10 scale (0-10): how hard the whole session was' }) rpe!: number;
  @Field(() => Float, { nullable: true, description: 'Distance in km (0-1000)' }) distanceKm?: number | null;
  @Field(() => Int, { nullable: true, description: 'Average heart rate in beats per minute (25-250)' }) averageHeartRate?: number | null;
  @Field(() => String, { nullable: true, description: 'Free text (at most 2000 characters)' }) notes?: string | null;
  @Field(() => [LoggedExerciseInput], { nullable: true, description: 'For strength: the exercises with their sets (at most 40)' })
  exercises?: LoggedExerciseInput[] | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The planned session this was. Omitted: matched to the best free planned session within a local day. Null: none',
  })
  plannedSessionId?: string | null;
}

@InputType({ description: 'What to change in an activity: omitted fields stay as they are' })
export class EditActivityInput {
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it started' }) performedAt?: string;
  @Field(() => ActivityKindEnum, { nullable: true, description: 'What sort of training it was' }) kind?: ActivityKindEnum;
  @Field(() => Int, { nullable: true, description: 'Minutes (1-1439)' }) durationMinutes?: number;
  @Field(() => Float, { nullable: true, description: 'Session RPE (0-10)' }) rpe?: number;
  @Field(() => Float, { nullable: true, description: 'Distance in km; null clears it' }) distanceKm?: number | null;
  @Field(() => Int, { nullable: true, description: 'Average heart rate; null clears it' }) averageHeartRate?: number | null;
  @Field(() => String, { nullable: true, description: 'Free text; null clears it' }) notes?: string | null;
  @Field(() => [LoggedExerciseInput], { nullable: true, description: 'The exercises, replacing the logged ones' })
  exercises?: LoggedExerciseInput[] | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Link to this planned session; null unlinks; omitted keeps a link you chose, or matches again',
  })
  plannedSessionId?: string | null;
}

@InputType({ description: 'One thing eaten: a catalog food by weight, or a free-form item with its own figures' })
export class EatenItemInput {
  @Field(() => String, { nullable: true, description: 'A catalog food id (see `foods`); needs grams' }) foodId?: string | null;
  @Field(() => Float, { nullable: true, description: 'Grams eaten (0.1-5000)' }) grams?: number | null;
  @Field(() => String, { nullable: true, description: 'Free-form item: its name (at most 200 characters)' }) name?: string | null;
  @Field(() => Float, { nullable: true, description: 'Free-form item: its energy; must agree with 4/4/9 kcal per g of protein, carbohydrate, fat within 20 %' })
  kcal?: number | null;
  @Field(() => Float, { nullable: true, description: 'Free-form item: protein in g' }) proteinG?: number | null;
  @Field(() => Float, { nullable: true, description: 'Free-form item: carbohydrate in g' }) carbsG?: number | null;
  @Field(() => Float, { nullable: true, description: 'Free-form item: fat in g' }) fatG?: number | null;
}

@InputType({ description: 'A meal as it was eaten' })
export class LogMealInput {
  @Field(() => GraphQLDateTime, { description: 'When it was eaten; your time zone decides the day. At most a day ahead of now' }) eatenAt!: string;
  @Field(() => Int, { nullable: true, description: 'Which meal of the day it was meant as (1 = first); used to find the planned meal' }) slot?: number | null;
  @Field(() => String, { nullable: true, description: 'A name for it (at most 200 characters)' }) name?: string | null;
  @Field(() => [EatenItemInput], { description: 'What was eaten (1-50 items)' }) items!: EatenItemInput[];
  @Field(() => String, { nullable: true, description: 'Free text (at most 2000 characters)' }) notes?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The planned meal this was. Omitted: the planned meal of its day at `slot`, else the free one closest in energy. Null: none',
  })
  plannedMealId?: string | null;
}

@InputType({ description: 'What to change in a meal log: omitted fields stay as they are' })
export class EditMealInput {
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was eaten' }) eatenAt?: string;
  @Field(() => Int, { nullable: true, description: 'Which meal of the day it was meant as' }) slot?: number | null;
  @Field(() => String, { nullable: true, description: 'A name for it' }) name?: string | null;
  @Field(() => [EatenItemInput], { nullable: true, description: 'What was eaten, replacing the logged items' }) items?: EatenItemInput[];
  @Field(() => String, { nullable: true, description: 'Free text; null clears it' }) notes?: string | null;
  @Field(() => ID, { nullable: true, description: 'Link to this planned meal; null unlinks; omitted keeps a link you chose, or matches again' })
  plannedMealId?: string | null;
}

@ObjectType({ description: 'One set as performed' })
export class LoggedSet {
  @Field(() => Int, { description: 'Repetitions done' }) reps!: number;
  @Field(() => Float, { nullable: true, description: 'External load in kg' }) loadKg!: number | null;
  @Field(() => Float, { nullable: true, description: 'Reps in reserve' }) rir!: number | null;
}

@ObjectType({ description: 'An exercise as performed' })
export class LoggedExercise {
  @Field(() => String, { description: 'The library exercise id' }) exerciseId!: string;
  @Field(() => [LoggedSet], { description: 'Its sets, in order' }) sets!: LoggedSet[];
}

@ObjectType({ description: 'How a log compares with its plan' })
export class Adherence {
  @Field(() => AdherenceStatusEnum, { description: 'The status by the documented bands' }) status!: AdherenceStatusEnum;
  @Field(() => ComplianceColourEnum, { description: 'Its traffic-light colour' }) colour!: ComplianceColourEnum;
  @Field(() => Float, { nullable: true, description: 'Done / planned: volume (or duration) for training, energy for meals' }) ratio!: number | null;
  @Field(() => Float, { nullable: true, description: 'Closeness 0-1: the similarity score for training, 1 - |energy error| for meals' })
  score!: number | null;
}

@ObjectType({ description: 'Why an activity scored what it did against its planned session (formula in src/logging/similarity.ts)' })
export class SimilarityBreakdown {
  @Field(() => Float, { description: 'The similarity score, 0-1' }) score!: number;
  @Field(() => Float, { nullable: true, description: 'Share of planned sets done as the planned exercises' }) exactShare!: number | null;
  @Field(() => Float, { nullable: true, description: 'Share of planned sets done as the same or a same-pattern exercise' }) patternShare!: number | null;
  @Field(() => Float, { nullable: true, description: 'Done / planned volume' }) volumeRatio!: number | null;
  @Field(() => String, { nullable: true, description: 'tonnage (sets x reps x kg) or sets (hard sets), as the loads allowed' })
  volumeBasis!: string | null;
  @Field(() => Float, { description: 'Logged / planned minutes' }) durationRatio!: number;
  @Field(() => Boolean, { description: 'The activity was of the planned kind' }) kindMatches!: boolean;
}

@ObjectType({ description: 'A logged activity' })
export class Activity {
  @Field(() => ID, { description: 'The activity id' }) id!: string;
  @Field(() => Int, { description: 'Its version: 1 when logged, +1 per edit' }) version!: number;
  @Field(() => GraphQLDateTime, { description: 'When it started' }) performedAt!: Date;
  @Field(() => GraphQLLocalDate, { description: 'The local day it counts for' }) localDate!: string;
  @Field(() => ActivityKindEnum, { description: 'What sort of training it was' }) kind!: ActivityKindEnum;
  @Field(() => Int, { description: 'Minutes' }) durationMinutes!: number;
  @Field(() => Float, { description: 'Session RPE (CR-10)' }) rpe!: number;
  @Field(() => Float, { description: 'Session load: RPE x minutes (Foster)' }) sessionLoad!: number;
  @Field(() => Float, { nullable: true, description: 'Distance in km' }) distanceKm!: number | null;
  @Field(() => Int, { nullable: true, description: 'Average heart rate' }) averageHeartRate!: number | null;
  @Field(() => String, { nullable: true, description: 'Free text' }) notes!: string | null;
  @Field(() => [LoggedExercise], { description: 'The exercises with their sets' }) exercises!: LoggedExercise[];
  @Field(() => ID, { nullable: true, description: 'The planned session it stands for, if any' }) plannedSessionId!: string | null;
  @Field(() => String, { nullable: true, description: 'explicit (you named the session) or auto (matched)' }) matchedBy!: string | null;
  @Field(() => SimilarityBreakdown, { nullable: true, description: 'How close it came to the planned session' }) similarity!: SimilarityBreakdown | null;
  @Field(() => Adherence, { nullable: true, description: "The planned session's adherence by this activity" }) adherence!: Adherence | null;
}

@ObjectType({ description: 'Energy and macros' })
export class MacroTotals {
  @Field(() => Float, { description: 'Energy in kcal' }) kcal!: number;
  @Field(() => Float, { description: 'Protein in g' }) proteinG!: number;
  @Field(() => Float, { description: 'Carbohydrate in g' }) carbsG!: number;
  @Field(() => Float, { description: 'Fat in g' }) fatG!: number;
}

@ObjectType({ description: 'One thing eaten' })
export class EatenItem {
  @Field(() => String, { nullable: true, description: 'The catalog food, when it was one' }) foodId!: string | null;
  @Field(() => String, { description: 'Its name' }) name!: string;
  @Field(() => Float, { nullable: true, description: 'Grams eaten, when known' }) grams!: number | null;
  @Field(() => Float, { description: 'Energy in kcal' }) kcal!: number;
  @Field(() => Float, { description: 'Protein in g' }) proteinG!: number;
  @Field(() => Float, { description: 'Carbohydrate in g' }) carbsG!: number;
  @Field(() => Float, { description: 'Fat in g' }) fatG!: number;
}

@ObjectType({ description: 'Planned against eaten, and the difference (eaten - planned)' })
export class MealComparison {
  @Field(() => MacroTotals, { description: 'What the planned meal holds' }) planned!: MacroTotals;
  @Field(() => MacroTotals, { description: 'What was eaten' }) actual!: MacroTotals;
  @Field(() => MacroTotals, { description: 'eaten - planned' }) delta!: MacroTotals;
}

@ObjectType({ description: 'A logged meal' })
export class MealLog {
  @Field(() => ID, { description: 'The meal log id' }) id!: string;
  @Field(() => Int, { description: 'Its version: 1 when logged, +1 per edit' }) version!: number;
  @Field(() => GraphQLDateTime, { description: 'When it was eaten' }) eatenAt!: Date;
  @Field(() => GraphQLLocalDate, { description: 'The local day it counts for' }) localDate!: string;
  @Field(() => Int, { nullable: true, description: 'Which meal of the day it was meant as' }) slot!: number | null;
  @Field(() => String, { description: 'Its name (given, or from its items)' }) name!: string;
  @Field(() => [EatenItem], { description: 'What was eaten' }) items!: EatenItem[];
  @Field(() => MacroTotals, { description: 'The sums of the items' }) totals!: MacroTotals;
  @Field(() => String, { nullable: true, description: 'Free text' }) notes!: string | null;
  @Field(() => ID, { nullable: true, description: 'The planned meal it stands for, if any' }) plannedMealId!: string | null;
  @Field(() => String, { nullable: true, description: 'explicit (you named the meal) or auto (matched)' }) matchedBy!: string | null;
  @Field(() => MealComparison, { nullable: true, description: 'Planned against eaten (meals.adherence_json)' }) comparison!: MealComparison | null;
  @Field(() => Adherence, { nullable: true, description: "The planned meal's adherence by this log" }) adherence!: Adherence | null;
}

@ObjectType({ description: 'An activity and its place in the list' })
export class ActivityEdge {
  @Field(() => String, { description: 'Opaque position: pass it as `after` to continue after this activity' }) cursor!: string;
  @Field(() => Activity, { description: 'The activity' }) node!: Activity;
}

@ObjectType({ description: 'A page of activities, oldest first' })
export class ActivityConnection {
  @Field(() => [ActivityEdge], { description: 'The activities of this page' }) edges!: ActivityEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends' }) pageInfo!: PageInfo;
}

@ObjectType({ description: 'A meal log and its place in the list' })
export class MealLogEdge {
  @Field(() => String, { description: 'Opaque position: pass it as `after` to continue after this meal' }) cursor!: string;
  @Field(() => MealLog, { description: 'The meal log' }) node!: MealLog;
}

@ObjectType({ description: 'A page of meal logs, oldest first' })
export class MealLogConnection {
  @Field(() => [MealLogEdge], { description: 'The meal logs of this page' }) edges!: MealLogEdge[];
  @Field(() => PageInfo, { description: 'Where this page ends' }) pageInfo!: PageInfo;
}

@ObjectType({ description: 'What a delete removed' })
export class DeletedLog {
  @Field(() => ID, { description: 'The id of the deleted log' }) id!: string;
  @Field(() => ID, { nullable: true, description: 'The planned item it stood for, whose adherence is re-derived' }) releasedPlannedId!: string | null;
}
