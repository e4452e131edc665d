import { Arg, Ctx, Float, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { handle } from '../core/commandHandler';
import { checkDateRange, pricedDays } from '../core/dateRange';
import { isCalendarDate } from '../core/dates';
import { badInput, notFound } from '../core/errors';
import { GraphQLContext, requireUser } from '../server/context';
import { adjustmentPolicyDecider } from './adjustmentPolicy';
import { adjustmentSettings, localToday, overrideById, overridesBetween } from './adjustments.queries';
import { AdjustmentModeEnum, AdjustmentPolicyInfo, DayOverride } from './adjustments.types';
import { analyzeDay } from './analysis';
import { DEFAULT_ADJUSTMENT_POLICY, adjustmentPolicyStream, dayOverrideStream } from './contracts';
import { DayOverrideCommand, dayOverrideDecider } from './dayOverride.decide';

/** The longest range one dayOverrides request may span (a quarter, as the calendar). */
export const DAY_OVERRIDES_MAX_DAYS = 92;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXPECTED_VERSION = 'Answer CONFLICT if the day\'s overrides have moved past this version (the override\'s `version`)';

@Resolver()
export class AdjustmentsResolver {
  @Query(() => AdjustmentPolicyInfo, { description: 'Your daily adjustment policy (ASK with threshold 0.8 until you set one)' })
  async adjustmentPolicy(@Ctx() context: GraphQLContext): Promise<AdjustmentPolicyInfo> {
    const user = requireUser(context);
    const settings = await adjustmentSettings(context.services.db.sql.asUser(user.id), user.id);
    return { ...settings.policy, mode: settings.policy.mode as AdjustmentModeEnum, isDefault: settings.policyVersion === 0, version: settings.policyVersion };
  }

  @Mutation(() => AdjustmentPolicyInfo, { description: 'Sets how daily adjustments reach your plan (from the next analysis on)' })
  async setAdjustmentPolicy(
    @Arg('mode', () => AdjustmentModeEnum, { description: 'AUTO, ASK or OFF' }) mode: AdjustmentModeEnum,
    @Arg('autoApplyThreshold', () => Float, { defaultValue: DEFAULT_ADJUSTMENT_POLICY.autoApplyThreshold, description: 'Under AUTO, apply without asking at or above this confidence (0-1)' })
    autoApplyThreshold: number,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Answer CONFLICT if your policy has moved past this version' })
    expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<AdjustmentPolicyInfo> {
    const user = requireUser(context);
    const result = await handle(context.services.store, adjustmentPolicyStream(user.id), adjustmentPolicyDecider,
      { type: 'SetAdjustmentPolicy', mode, autoApplyThreshold },
      { userId: user.id, now: context.services.clock.now().toISOString(), lookups: undefined, expectedVersion,
        metadata: { actor: user.id, correlationId: context.requestId } });
    const policy = result.state.policy ?? DEFAULT_ADJUSTMENT_POLICY;
    return { mode: policy.mode as AdjustmentModeEnum, autoApplyThreshold: policy.autoApplyThreshold, isDefault: result.version === 0, version: result.version };
  }

  @Query(() => [DayOverride], {
    description: `Every day override (any status) from \`from\` to \`to\` (inclusive, at most ${DAY_OVERRIDES_MAX_DAYS} days), by date, newest first within a day`,
    complexity: ({ args, childComplexity }) => 1 + pricedDays(args, DAY_OVERRIDES_MAX_DAYS) * childComplexity,
  })
  async dayOverrides(
    @Arg('from', () => GraphQLLocalDate, { description: 'First day, inclusive' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: 'Last day, inclusive' }) to: string,
    @Ctx() context: GraphQLContext,
  ): Promise<DayOverride[]> {
    const user = requireUser(context);
    checkDateRange(from, to, DAY_OVERRIDES_MAX_DAYS, 'a list of day overrides');
    return overridesBetween(context.services.db.sql.asUser(user.id), user.id, from, to);
  }

  @Mutation(() => DayOverride, {
    nullable: true,
    description: 'Analyzes a day (your context, readiness, recent training) and records the change it warrants, under your policy. '
      + 'Answers the proposed (or already standing) override, or null when no change is warranted, your policy is OFF, or you already declined this proposal for the day. '
      + 'A day that is over answers CONFLICT',
  })
  async analyzeDay(
    @Arg('date', () => GraphQLLocalDate, { description: 'The day (your local date)' }) date: string,
    @Ctx() context: GraphQLContext,
  ): Promise<DayOverride | null> {
    const user = requireUser(context);
    if (!isCalendarDate(date)) throw badInput('date', 'date must be a date YYYY-MM-DD');
    const outcome = await analyzeDay(context.services, user.id, date, 'on_demand');
    return outcome.overrideId ? overrideById(context.services.db.sql.asUser(user.id), user.id, outcome.overrideId) : null;
  }

  @Mutation(() => DayOverride, { description: 'Approves a pending override: the day follows it. CONFLICT (with its status) unless it is pending and its day is not over' })
  approveDayOverride(
    @Arg('id', () => ID, { description: 'The override' }) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION }) expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<DayOverride> {
    return this.decide(context, id, { type: 'ApproveDayOverride', overrideId: id }, expectedVersion);
  }

  @Mutation(() => DayOverride, { description: 'Rejects a pending override: the day keeps its plan, and the same proposal is not made again for it' })
  rejectDayOverride(
    @Arg('id', () => ID, { description: 'The override' }) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why, in your words (at most 500 characters)' }) reason: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION }) expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<DayOverride> {
    return this.decide(context, id, { type: 'RejectDayOverride', overrideId: id, reason }, expectedVersion);
  }

  @Mutation(() => DayOverride, { description: 'Undoes an approved or auto-applied override: the day is back to its plan' })
  undoDayOverride(
    @Arg('id', () => ID, { description: 'The override' }) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION }) expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<DayOverride> {
    return this.decide(context, id, { type: 'UndoDayOverride', overrideId: id }, expectedVersion);
  }

  /** Finds the override's day (someone else's is NOT_FOUND: row-level security hides it), then runs the command on that day's stream. */
  private async decide(context: GraphQLContext, id: string, command: DayOverrideCommand, expectedVersion: number | null): Promise<DayOverride> {
    const user = requireUser(context);
    const sql = context.services.db.sql.asUser(user.id);
    if (!UUID_RE.test(id)) throw notFound('day override', 'id');
    const [found, settings] = await Promise.all([overrideById(sql, user.id, id), adjustmentSettings(sql, user.id)]);
    if (!found) throw notFound('day override', 'id');
    await handle(context.services.store, dayOverrideStream(user.id, found.date), dayOverrideDecider, command, {
      userId: user.id,
      now: context.services.clock.now().toISOString(),
      lookups: { today: localToday(context.services.clock.now(), settings.timeZone) },
      expectedVersion,
      metadata: { actor: user.id, correlationId: context.requestId },
    });
    const after = await overrideById(sql, user.id, id);
    if (!after) throw new Error(`day override ${id} vanished`);
    return after;
  }
}
