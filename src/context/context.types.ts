import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import type { Readiness as ReadinessData } from '../adjustments/contracts';

export enum ReadinessBandEnum { HIGH = 'high', NORMAL = 'normal', LOW = 'low', VERY_LOW = 'very_low' }
registerEnumType(ReadinessBandEnum, {
  name: 'ReadinessBand',
  description: 'Readiness in four bands (cut-offs in the README)',
  valuesConfig: {
    HIGH: { description: 'Clearly better than your usual: score 65 or more' },
    NORMAL: { description: 'About your usual: score 40-64' },
    LOW: { description: 'Below your usual: score 15-39; training may be made lighter' },
    VERY_LOW: { description: 'Far below your usual: under 15; a rest day may be proposed' },
  },
});

export enum ReadinessSignalEnum {
  SLEEP_HOURS = 'sleep_hours', SLEEP_QUALITY = 'sleep_quality', STRESS = 'stress', SORENESS = 'soreness',
  ENERGY = 'energy', HRV = 'hrv', RESTING_HR = 'resting_hr',
}
registerEnumType(ReadinessSignalEnum, {
  name: 'ReadinessSignal',
  description: 'A signal readiness is computed from',
  valuesConfig: {
    SLEEP_HOURS: { description: 'Hours slept' },
    SLEEP_QUALITY: { description: 'Sleep quality, 1-5' },
    STRESS: { description: 'Stress, 1-5 (less is better)' },
    SORENESS: { description: 'Muscle soreness, 1-5 (less is better)' },
    ENERGY: { description: 'Energy, 1-5' },
    HRV: { description: 'Heart-rate variability (rMSSD, ms), compared on a log scale' },
    RESTING_HR: { description: 'Resting heart rate (less is better)' },
  },
});

@ObjectType({ description: "One signal's part in the readiness score" })
export class ReadinessComponent {
  @Field(() => ReadinessSignalEnum, { description: 'Which signal' }) signal!: ReadinessSignalEnum;
  @Field(() => Float, { description: "The day's value" }) value!: number;
  @Field(() => Float, { description: 'Your usual value (mean of the previous 7-28 days), or the population default before 7 days exist' })
  baseline!: number;
  @Field(() => Float, { description: 'How far from your usual, in standard deviations; positive is better. Clamped to ±3' }) z!: number;
  @Field(() => Float, { description: 'Its weight in the score (the weights of the signals logged sum to 1)' }) weight!: number;
}

@ObjectType({ description: 'How ready you are to train on a day, against your own recent baseline' })
export class Readiness {
  @Field(() => Float, { description: '0-100; 50 is your usual' }) score!: number;
  @Field(() => ReadinessBandEnum, { description: 'The band the score falls in' }) band!: ReadinessBandEnum;
  @Field(() => Float, { description: '0-1: lower on population defaults (fewer than 7 days of history) or with fewer signals' })
  confidence!: number;
  @Field(() => Int, { description: 'Days of context in the baseline (0-28)' }) baselineDays!: number;
  @Field(() => [ReadinessComponent], { description: 'Each logged signal with its baseline and deviation' }) components!: ReadinessComponent[];
}

export const toReadiness = (r: ReadinessData): Readiness => ({
  ...r, band: r.band as ReadinessBandEnum, components: r.components.map((c) => ({ ...c, signal: c.signal as ReadinessSignalEnum })),
});

@ObjectType({ description: 'How you were on one local day: sleep, stress, soreness, energy and optional measurements' })
export class DailyContext {
  @Field(() => GraphQLLocalDate, { description: 'Your local date' }) date!: string;
  @Field(() => Float, { description: 'Hours slept (0-24)' }) sleepHours!: number;
  @Field(() => Int, { description: 'Sleep quality, 1 (worst) - 5 (best)' }) sleepQuality!: number;
  @Field(() => Int, { description: 'Stress, 1 (least) - 5 (most)' }) stress!: number;
  @Field(() => Int, { description: 'Muscle soreness, 1 (least) - 5 (most)' }) soreness!: number;
  @Field(() => Int, { description: 'Energy, 1 (worst) - 5 (best)' }) energy!: number;
  @Field(() => Float, { nullable: true, description: 'Heart-rate variability, rMSSD in ms' }) hrvMs!: number | null;
  @Field(() => Int, { nullable: true, description: 'Resting heart rate, beats per minute' }) restingHr!: number | null;
  @Field(() => Float, { nullable: true, description: 'Body weight in kg' }) bodyWeightKg!: number | null;
  @Field(() => String, { nullable: true, description: 'Free text' }) notes!: string | null;
  @Field(() => Int, { description: "The day's version: 1 when logged, +1 per amendment (for expectedVersion)" }) version!: number;
  @Field(() => GraphQLDateTime, { description: 'When it was first logged' }) loggedAt!: Date;
  @Field(() => GraphQLDateTime, { description: 'When it last changed' }) updatedAt!: Date;
  /** Set when the query already had the history: the field resolver then needs no query. */
  precomputedReadiness?: Readiness;
}

@InputType({ description: "A day's context. Logging a day again amends it: the five core signals are replaced; an optional field left out keeps its value, null clears it" })
export class LogDailyContextInput {
  @Field(() => GraphQLLocalDate, { description: 'Your local date: not after your today, at most 28 days back' }) date!: string;
  @Field(() => Float, { description: 'Hours slept (0-24)' }) sleepHours!: number;
  @Field(() => Int, { description: 'Sleep quality, 1 (worst) - 5 (best)' }) sleepQuality!: number;
  @Field(() => Int, { description: 'Stress, 1 (least) - 5 (most)' }) stress!: number;
  @Field(() => Int, { description: 'Muscle soreness, 1 (least) - 5 (most)' }) soreness!: number;
  @Field(() => Int, { description: 'Energy, 1 (worst) - 5 (best)' }) energy!: number;
  @Field(() => Float, { nullable: true, description: 'Heart-rate variability, rMSSD in ms (1-300)' }) hrvMs?: number | null;
  @Field(() => Int, { nullable: true, description: 'Resting heart rate, beats per minute (20-220)' }) restingHr?: number | null;
  @Field(() => Float, { nullable: true, description: 'Body weight in kg (35-300)' }) bodyWeightKg?: number | null;
  @Field(() => String, { nullable: true, description: 'Free text (at most 1000 characters)' }) notes?: string | null;
}
