import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { handle } from '../core/commandHandler';
import { checkDateRange } from '../core/dateRange';
import { Decider } from '../core/decider';
import { SqlExecutor } from '../core/db/sql';
import { NewEvent } from '../core/eventStore/types';
import { notFound } from '../core/errors';
import { localDate } from '../consultations/consultation.rules';
import { EXERCISES } from '../reference/exercises.data';
import { FOODS } from '../reference/foods.data';
import { GraphQLContext, requireUser } from '../server/context';
import { ActivityState, activityStream } from './activity';
import { ActivityCommand, ActivityInput, activityDecider } from './activity.decide';
import { MealLogState, mealLogStream, mealName } from './mealLog';
import { MealInput, MealLogCommand, mealLogDecider } from './mealLog.decide';
import { currentLink, mealCandidates, sessionCandidates, userTimeZone } from './logging.service';
import { adherenceOf, listActivities, listMealLogs, LOG_RANGE_MAX_DAYS } from './logging.queries';
import { sessionLoad } from './trainingLoad';
import { PAGE_SIZE_MAX } from '../reference/connection';
import {
  Activity, ActivityConnection, ActivityKindEnum, DeletedLog, EditActivityInput,
  EditMealInput, LogActivityInput, LogMealInput, MealLog, MealLogConnection,
} from './logging.types';

const exercises = new Map(EXERCISES.map((e) => [e.id, e]));
const foods = new Map(FOODS.map((f) => [f.id, f]));

type Logged<S> = Extract<S, { status: 'logged' | 'deleted' }>;

export function toActivity(state: Logged<ActivityState>): Activity {
  const a = state.activity;
  const m = state.match;
  return {
    id: state.activityId, version: state.version, performedAt: new Date(a.performedAt), localDate: a.localDate,
    kind: a.kind as ActivityKindEnum, durationMinutes: a.durationMinutes, rpe: a.rpe, sessionLoad: sessionLoad(a.rpe, a.durationMinutes),
    distanceKm: a.distanceKm, averageHeartRate: a.averageHeartRate, notes: a.notes, exercises: a.exercises,
    plannedSessionId: m?.plannedSessionId ?? null, matchedBy: m?.matchedBy ?? null, similarity: m?.similarity ?? null,
    adherence: adherenceOf(m?.assessment),
  };
}

export function toMealLog(state: Logged<MealLogState>): MealLog {
  const meal = state.meal;
  const m = state.match;
  return {
    id: state.mealLogId, version: state.version, eatenAt: new Date(meal.eatenAt), localDate: meal.localDate, slot: meal.slot,
    name: mealName(meal), items: meal.items,
    totals: meal.totals, notes: meal.notes, plannedMealId: m?.plannedMealId ?? null, matchedBy: m?.matchedBy ?? null,
    comparison: m?.comparison ?? null,
    adherence: adherenceOf(m?.assessment),
  };
}

const checkRange = (from: string, to: string): number => checkDateRange(from, to, LOG_RANGE_MAX_DAYS);

function withoutPlan<T extends { plannedSessionId?: unknown; plannedMealId?: unknown }>(input: T) {
  const { plannedSessionId: _s, plannedMealId: _m, ...rest } = input;
  return rest;
}

type Named = Array<string | null | undefined>;
type LogOptions = { idempotencyKey?: string | null; expectedVersion?: number | null };
/** The local day whose planned items a log may stand for, once the person's time zone is known. */
type DayOf = (timeZone: string) => string;
const dayOfInstant = (instant: string | null | undefined, fallback: string): DayOf => (timeZone) =>
  instant && !Number.isNaN(Date.parse(instant)) ? localDate(instant, timeZone) : fallback;

/** The lookups' reads in one transaction as the caller (row-level security): one scope, not one per read. */
function inCallerScope<T>(context: GraphQLContext, fn: (tx: SqlExecutor, userId: string) => Promise<T>): Promise<T> {
  const userId = requireUser(context).id;
  return context.services.db.sql.transaction((tx) => fn(tx, userId), { role: 'api', userId });
}
const present = (ids: Named): string[] => ids.filter((id): id is string => !!id);

/**
 * One log command through handle. The lookups (which planned items are still free) are loaded
 * again before a retry: a log that lost the race for a planned item must see it taken. The
 * request's fingerprint leaves out the generated log id, so a keyed retry is recognised.
 */
async function runLogCommand<State extends { status: string }, Command extends { type: string }, Event extends NewEvent, Lookups>(
  context: GraphQLContext, streamId: string, decider: Decider<State, Command, Event, Lookups>, command: Command, fingerprint: object,
  options: LogOptions, lookups: () => Promise<Lookups>,
): Promise<State> {
  const user = requireUser(context);
  const result = await handle(context.services.store, streamId, decider, command, {
    userId: user.id,
    now: context.services.clock.now().toISOString(),
    lookups: await lookups(),
    reloadLookups: lookups,
    idempotencyKey: options.idempotencyKey,
    expectedVersion: options.expectedVersion,
    request: { operation: command.type, command: fingerprint },
    metadata: { actor: user.id, correlationId: context.requestId },
  });
  if (result.state.status === 'none') throw new Error(`${command.type} left no log`);
  return result.state;
}

@Resolver()
export class LoggingResolver {
  private activity(context: GraphQLContext, command: ActivityCommand, dayOf: DayOf, named: Named, options: LogOptions) {
    return runLogCommand(context, activityStream(command.activityId), activityDecider, command, { ...command, activityId: undefined }, options,
      () => inCallerScope(context, async (tx, userId) => {
        const timeZone = await userTimeZone(tx, userId);
        const candidates = await sessionCandidates(tx, userId, dayOf(timeZone), present(named));
        return { timeZone, exercise: (id: string) => exercises.get(id), candidates };
      }));
  }

  @Mutation(() => Activity, { description: 'Logs an activity and links it to the planned session it stands for (named, or matched)' })
  async logActivity(
    @Arg('input', () => LogActivityInput, { description: 'The activity as it was done' }) input: LogActivityInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A retry with the same key returns the first result and logs nothing new' })
    idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Activity> {
    const state = await this.activity(context, {
      type: 'LogActivity', activityId: context.services.newId(), input: withoutPlan(input) as ActivityInput, plannedSessionId: input.plannedSessionId,
    }, dayOfInstant(input.performedAt, '1970-01-01'), [input.plannedSessionId], { idempotencyKey });
    return toActivity(state as Logged<ActivityState>);
  }

  @Mutation(() => Activity, { description: 'Changes a logged activity (an event: the earlier version stays in the log)' })
  async editActivity(
    @Arg('id', () => ID, { description: 'The activity' }) id: string,
    @Arg('input', () => EditActivityInput, { description: 'What to change' }) input: EditActivityInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Answer CONFLICT if the activity has moved past this version' })
    expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Activity> {
    const user = requireUser(context);
    const current = await currentLink(context.services.db.sql.asUser(user.id), 'activities', user.id, id);
    if (!current) throw notFound('activity', 'id');
    const state = await this.activity(context, {
      type: 'EditActivity', activityId: id, changes: withoutPlan(input) as Partial<ActivityInput>, plannedSessionId: input.plannedSessionId,
    }, dayOfInstant(input.performedAt, current.localDate), [input.plannedSessionId, current.plannedId], { expectedVersion });
    return toActivity(state as Logged<ActivityState>);
  }

  @Mutation(() => DeletedLog, { description: "Deletes a logged activity (an event); its planned session's adherence is re-derived" })
  async deleteActivity(
    @Arg('id', () => ID, { description: 'The activity' }) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Answer CONFLICT if the activity has moved past this version' })
    expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<DeletedLog> {
    const user = requireUser(context);
    const current = await currentLink(context.services.db.sql.asUser(user.id), 'activities', user.id, id);
    if (!current) throw notFound('activity', 'id');
    await this.activity(context, { type: 'DeleteActivity', activityId: id }, () => current.localDate, [], { expectedVersion });
    return { id, releasedPlannedId: current.plannedId };
  }

  private meal(context: GraphQLContext, command: MealLogCommand, dayOf: DayOf, named: Named, options: LogOptions) {
    return runLogCommand(context, mealLogStream(command.mealLogId), mealLogDecider, command, { ...command, mealLogId: undefined }, options,
      () => inCallerScope(context, async (tx, userId) => {
        const timeZone = await userTimeZone(tx, userId);
        const candidates = await mealCandidates(tx, userId, dayOf(timeZone), present(named));
        return { timeZone, food: (id: string) => foods.get(id), candidates };
      }));
  }

  @Mutation(() => MealLog, { description: 'Logs a meal and compares it with the planned meal it stands for (named, or matched)' })
  async logMeal(
    @Arg('input', () => LogMealInput, { description: 'The meal as it was eaten' }) input: LogMealInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A retry with the same key returns the first result and logs nothing new' })
    idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<MealLog> {
    const state = await this.meal(context, {
      type: 'LogMeal', mealLogId: context.services.newId(), input: withoutPlan(input) as MealInput, plannedMealId: input.plannedMealId,
    }, dayOfInstant(input.eatenAt, '1970-01-01'), [input.plannedMealId], { idempotencyKey });
    return toMealLog(state as Logged<MealLogState>);
  }

  @Mutation(() => MealLog, { description: 'Changes a logged meal (an event: the earlier version stays in the log)' })
  async editMealLog(
    @Arg('id', () => ID, { description: 'The meal log' }) id: string,
    @Arg('input', () => EditMealInput, { description: 'What to change' }) input: EditMealInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Answer CONFLICT if the meal log has moved past this version' })
    expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<MealLog> {
    const user = requireUser(context);
    const current = await currentLink(context.services.db.sql.asUser(user.id), 'meals', user.id, id);
    if (!current) throw notFound('meal log', 'id');
    const state = await this.meal(context, {
      type: 'EditMealLog', mealLogId: id, changes: withoutPlan(input) as Partial<MealInput>, plannedMealId: input.plannedMealId,
    }, dayOfInstant(input.eatenAt, current.localDate), [input.plannedMealId, current.plannedId], { expectedVersion });
    return toMealLog(state as Logged<MealLogState>);
  }

  @Mutation(() => DeletedLog, { description: "Deletes a logged meal (an event); its planned meal's adherence is re-derived" })
  async deleteMealLog(
    @Arg('id', () => ID, { description: 'The meal log' }) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Answer CONFLICT if the meal log has moved past this version' })
    expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<DeletedLog> {
    const user = requireUser(context);
    const current = await currentLink(context.services.db.sql.asUser(user.id), 'meals', user.id, id);
    if (!current) throw notFound('meal log', 'id');
    await this.meal(context, { type: 'DeleteMealLog', mealLogId: id }, () => current.localDate, [], { expectedVersion });
    return { id, releasedPlannedId: current.plannedId };
  }

  @Query(() => ActivityConnection, {
    complexity: ({ args, childComplexity }) => 1 + Math.min(PAGE_SIZE_MAX, Math.max(1, Number(args.first) || 20)) * childComplexity,
    description: 'Your activities whose local day is from `from` to `to`, oldest first' })
  async activities(
    @Arg('from', () => GraphQLLocalDate, { description: 'First local day' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: `Last local day (at most ${LOG_RANGE_MAX_DAYS} days after from)` }) to: string,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size (1-100)' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from the previous page' }) after: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ActivityConnection> {
    checkRange(from, to);
    const userId = requireUser(context).id;
    return listActivities(context.services.db.sql.asUser(userId), userId, from, to, first, after);
  }

  @Query(() => MealLogConnection, {
    complexity: ({ args, childComplexity }) => 1 + Math.min(PAGE_SIZE_MAX, Math.max(1, Number(args.first) || 20)) * childComplexity,
    description: 'Your meal logs whose local day is from `from` to `to`, oldest first' })
  async mealLogs(
    @Arg('from', () => GraphQLLocalDate, { description: 'First local day' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: `Last local day (at most ${LOG_RANGE_MAX_DAYS} days after from)` }) to: string,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size (1-100)' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from the previous page' }) after: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<MealLogConnection> {
    checkRange(from, to);
    const userId = requireUser(context).id;
    return listMealLogs(context.services.db.sql.asUser(userId), userId, from, to, first, after);
  }
}

