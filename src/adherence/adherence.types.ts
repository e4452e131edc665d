import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { AdherenceStatusEnum, ComplianceColourEnum } from '../logging/logging.types';

@ObjectType({ description: 'The adherence of one planned session or meal' })
export class AdherenceRecord {
  @Field(() => ID, { description: 'The planned session or meal (a record per planned item)' }) plannedId!: string;
  @Field(() => String, { description: 'session or meal' }) kind!: string;
  @Field(() => GraphQLLocalDate, { description: 'The planned day' }) date!: string;
  @Field(() => AdherenceStatusEnum, { description: 'How it was followed' }) status!: AdherenceStatusEnum;
  @Field(() => ComplianceColourEnum, { description: 'Its traffic-light colour' }) colour!: ComplianceColourEnum;
  @Field(() => Float, { nullable: true, description: 'Closeness 0-1' }) score!: number | null;
  @Field(() => Float, { nullable: true, description: 'Done / planned' }) ratio!: number | null;
  @Field(() => ID, { nullable: true, description: 'The activity or meal log that stands for it' }) logId!: string | null;
  @Field(() => GraphQLDateTime, { description: 'When it was last assessed' }) assessedAt!: Date;
}

@ObjectType({ description: "A week's planned sessions or meals, by status" })
export class AdherenceCounts {
  @Field(() => Int, { description: 'Planned items in the week' }) planned!: number;
  @Field(() => Int, { description: 'Completed' }) completed!: number;
  @Field(() => Int, { description: 'Partial' }) partial!: number;
  @Field(() => Int, { description: 'Similar' }) similar!: number;
  @Field(() => Int, { description: 'Skipped' }) skipped!: number;
  @Field(() => Int, { description: 'Unknown' }) unknown!: number;
  @Field(() => Int, { description: 'Not assessed yet: the day is not over (or not swept yet) and nothing is logged' }) pending!: number;
  @Field(() => Float, { nullable: true, description: 'Credit over assessed items: completed 1, similar 0.75, partial 0.5, skipped 0; null when none' })
  rate!: number | null;
  @Field(() => ComplianceColourEnum, { description: 'green from 80 %, yellow from 50 %, orange above 0, red at 0, grey with nothing assessed' })
  colour!: ComplianceColourEnum;
}

@ObjectType({ description: 'Seven days of adherence, from weekStart' })
export class AdherenceWeek {
  @Field(() => GraphQLLocalDate, { description: 'The first day of this week of the range' }) weekStart!: string;
  @Field(() => AdherenceCounts, { description: 'Planned sessions' }) training!: AdherenceCounts;
  @Field(() => AdherenceCounts, { description: 'Planned meals' }) nutrition!: AdherenceCounts;
}

@ObjectType({ description: 'Adherence over a range: every assessed record, and weekly rates' })
export class AdherenceReport {
  @Field(() => [AdherenceRecord], { description: 'The records of planned items in the range, by date' }) records!: AdherenceRecord[];
  @Field(() => [AdherenceWeek], { description: 'Weekly summaries, in seven-day steps from `from`' }) weeks!: AdherenceWeek[];
}

@ObjectType({ description: 'Training load metrics of one day (Foster session RPE; Banister impulse-response)' })
export class LoadMetrics {
  @Field(() => Float, { description: "The day's load: sum of session RPE x minutes" }) load!: number;
  @Field(() => Float, { description: 'Mean daily load over the last 7 days' }) acute!: number;
  @Field(() => Float, { description: 'Mean daily load over the last 28 days' }) chronic!: number;
  @Field(() => Float, { nullable: true, description: 'acute / chronic; above 1.5 is a spike' }) acuteChronicRatio!: number | null;
  @Field(() => Float, { description: 'Fitness: 42-day exponentially weighted load' }) fitness!: number;
  @Field(() => Float, { description: 'Fatigue: 7-day exponentially weighted load' }) fatigue!: number;
  @Field(() => Float, { description: 'Form: fitness - fatigue' }) form!: number;
}

@ObjectType({ description: 'Planned and actual training load of a day' })
export class TrainingLoadDay {
  @Field(() => GraphQLLocalDate, { description: 'The local day' }) date!: string;
  @Field(() => LoadMetrics, { description: 'From the planned sessions (minutes x an RPE from their target reps in reserve)' }) planned!: LoadMetrics;
  @Field(() => LoadMetrics, { description: 'From the logged activities (their RPE x minutes)' }) actual!: LoadMetrics;
}
