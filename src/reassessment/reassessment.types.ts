import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate, GraphQLUUID } from 'graphql-scalars';
import { AdjustmentReason } from '../adjustments/adjustments.types';

@ObjectType({ description: 'What the nutrition controller saw and decided' })
export class ReassessmentNutrition {
  @Field(() => String, { description: 'adjusted, held_in_deadband (on track) or no_estimate (too few intake logs or weigh-ins)' }) decision!: string;
  @Field(() => Int, { description: 'Daily kcal target before the reassessment' }) previousTargetKcal!: number;
  @Field(() => Int, { description: 'Daily kcal target from effectiveFrom on' }) targetKcal!: number;
  @Field(() => Int, { description: 'targetKcal - previousTargetKcal (at most min(10 %, 250 kcal) either way)' }) changeKcal!: number;
  @Field(() => Float, { description: 'The goal\'s weekly rate, % of body weight (negative = loss)' }) targetRatePctPerWeek!: number;
  @Field(() => Float, { nullable: true, description: 'The rate the controller aimed at, % of body weight a week: the goal\'s, or, when the calorie floor puts it out of reach, the rate eating at the floor gives at the expenditure estimate (null on thin data and before controller version 2)' }) attainableRatePctPerWeek!: number | null;
  @Field(() => Float, { nullable: true, description: 'The observed weekly rate of the trend weight, % of body weight (null on thin data)' }) observedRatePctPerWeek!: number | null;
  @Field(() => Float, { nullable: true, description: 'Trend weight (exponentially smoothed, kg) at the end of the window' }) trendWeightKg!: number | null;
  @Field(() => Int, { description: 'Days of the 14 with logged intake' }) intakeDaysLogged!: number;
  @Field(() => Int, { nullable: true, description: 'Expenditure observed in the window: intake minus the trend change\'s energy (kcal/day)' }) observedTdeeKcal!: number | null;
  @Field(() => Int, { description: 'Expenditure estimate: the program\'s TDEE blended with what was observed (kcal/day)' }) tdeeEstimateKcal!: number;
  @Field(() => Boolean, { description: 'The change was limited by the clamp' }) clamped!: boolean;
  @Field(() => Boolean, { description: 'The target was held at the calorie floor, max(BMR, 1200 women / 1500 men)' }) floorApplied!: boolean;
}

@ObjectType({ description: 'What the training controller saw and decided' })
export class ReassessmentTraining {
  @Field(() => String, { description: 'progress (a set more per muscle), hold, reduce (a set less) or deload (a lighter week)' }) decision!: string;
  @Field(() => [String], { description: 'Fatigue signals seen: rpe_drift, missed_sessions, poor_recovery, falling_performance' }) fatigueSignals!: string[];
  @Field(() => Float, { nullable: true, description: 'Planned sessions done over those assessed (0-1)' }) completion!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean session RPE of the second week minus the first' }) rpeDrift!: number | null;
  @Field(() => Float, { nullable: true, description: 'Median change of the estimated 1RMs from the first week to the second, %' }) e1rmTrendPct!: number | null;
  @Field(() => Int, { description: 'Future sessions changed' }) sessionsChanged!: number;
  @Field(() => Int, { description: 'Exercises whose load now follows the logged lifts' }) loadsChanged!: number;
}

@ObjectType({ description: 'The outcome of a reassessment' })
export class ReassessmentResult {
  @Field(() => GraphQLUUID, { description: 'The program' }) programId!: string;
  @Field(() => Int, { description: 'The program\'s version after it (use as expectedVersion next)' }) version!: number;
  @Field(() => Boolean, { description: 'False when nothing was appended (a retried request with its idempotency key)' }) applied!: boolean;
  @Field(() => GraphQLUUID, { nullable: true, description: 'The reassessment' }) reassessmentId!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day of the evidence window' }) windowFrom!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day of the evidence window' }) windowTo!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day the new targets and plan apply' }) effectiveFrom!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the next reassessment is due' }) nextReassessmentDate!: string | null;
  @Field(() => String, { nullable: true, description: 'One sentence on what changed' }) summary!: string | null;
  @Field(() => [AdjustmentReason], { description: 'Why, reason by reason' }) reasons!: AdjustmentReason[];
  @Field(() => ReassessmentNutrition, { nullable: true, description: 'The nutrition controller' }) nutrition!: ReassessmentNutrition | null;
  @Field(() => ReassessmentTraining, { nullable: true, description: 'The training controller' }) training!: ReassessmentTraining | null;
}
