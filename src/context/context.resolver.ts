import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { handle } from '../core/commandHandler';
import { checkDateRange, pricedDays } from '../core/dateRange';
import { isCalendarDate } from '../core/dates';
import { badInput } from '../core/errors';
import { localDate } from '../consultations/consultation.rules';
import { userTimeZone } from '../logging/logging.service';
import { computeReadiness } from '../adjustments/readiness';
import { GraphQLContext, requireUser } from '../server/context';
import { dailyContextStream } from './dailyContext';
import { DailyContextInput, dailyContextDecider } from './dailyContext.decide';
import { contextHistory, contextRange } from './context.queries';
import { CONTEXT_RANGE_MAX_DAYS } from './context.constants';
import { DailyContext, LogDailyContextInput, Readiness, toReadiness } from './context.types';
import { afterContextLogged } from './afterContextLogged';

@Resolver(() => DailyContext)
export class DailyContextResolver {
  @Mutation(() => DailyContext, {
    description: "Logs how you are today (or on a recent day). Logging a day again amends it (an event); an amendment that changes nothing appends nothing. Triggers the day's adjustment analysis",
  })
  async logDailyContext(
    @Arg('input', () => LogDailyContextInput, { description: "The day's context" }) input: LogDailyContextInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: "Answer CONFLICT if the day's context has moved past this version (0: not logged yet)" })
    expectedVersion: number | null,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A retry with the same key returns the first result and logs nothing new' })
    idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<DailyContext> {
    const user = requireUser(context);
    const { services } = context;
    // The stream is per day: a malformed date must be refused before it names a stream.
    if (!isCalendarDate(input.date)) throw badInput('input.date', 'date must be a date YYYY-MM-DD');
    const now = services.clock.now().toISOString();
    const today = async () => ({ today: localDate(now, await userTimeZone(services.db.sql.asUser(user.id), user.id)) });
    const result = await handle(services.store, dailyContextStream(user.id, input.date), dailyContextDecider,
      { type: 'LogDailyContext', input: { ...input } as DailyContextInput }, {
        userId: user.id,
        now,
        lookups: await today(),
        expectedVersion,
        idempotencyKey,
        request: { operation: 'logDailyContext', input },
        metadata: { actor: user.id, correlationId: context.requestId },
      });
    const state = result.state;
    if (state.status !== 'logged') throw new Error('logDailyContext left no context');
    if (result.events.length > 0) {
      // After the commit, outside its transaction: a failing analysis must not undo the context
      // (the nightly sweep analyses the day again).
      try {
        await afterContextLogged(services, user.id, input.date);
      } catch (error) {
        services.logger.error({ err: error, userId: user.id, date: input.date }, 'analysis after logDailyContext failed');
      }
    }
    const { userId: _u, ...data } = state.context;
    return { ...data, version: result.version, loggedAt: new Date(state.loggedAt), updatedAt: new Date(state.updatedAt) };
  }

  @Query(() => DailyContext, { nullable: true, description: "Your context for a local day, with its readiness; null when you logged none" })
  async dailyContext(
    @Arg('date', () => GraphQLLocalDate, { description: 'Your local date' }) date: string,
    @Ctx() context: GraphQLContext,
  ): Promise<DailyContext | null> {
    if (!isCalendarDate(date)) throw badInput('date', 'date must be a date YYYY-MM-DD');
    const user = requireUser(context);
    const [day] = await contextRange(context.services.db.sql.asUser(user.id), user.id, date, date);
    return day ?? null;
  }

  @Query(() => [DailyContext], {
    complexity: ({ args, childComplexity }) => 1 + pricedDays(args, CONTEXT_RANGE_MAX_DAYS) * childComplexity,
    description: `Your context day by day from \`from\` to \`to\` (days you logged, oldest first), each with its readiness (at most ${CONTEXT_RANGE_MAX_DAYS} days)`,
  })
  async dailyContextLog(
    @Arg('from', () => GraphQLLocalDate, { description: 'First day' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: 'Last day' }) to: string,
    @Ctx() context: GraphQLContext,
  ): Promise<DailyContext[]> {
    checkDateRange(from, to, CONTEXT_RANGE_MAX_DAYS, 'a context log');
    const user = requireUser(context);
    return contextRange(context.services.db.sql.asUser(user.id), user.id, from, to);
  }

  @FieldResolver(() => Readiness, { description: 'Readiness for the day, against your previous 7-28 days (population defaults before 7 days exist)' })
  async readiness(@Root() day: DailyContext, @Ctx() context: GraphQLContext): Promise<Readiness> {
    if (day.precomputedReadiness) return day.precomputedReadiness;
    const user = requireUser(context);
    const history = await contextHistory(context.services.db.sql.asUser(user.id), user.id, day.date);
    const { version: _v, loggedAt: _l, updatedAt: _u, precomputedReadiness: _p, ...data } = day;
    return toReadiness(computeReadiness({ ...data, userId: user.id }, history));
  }
}
