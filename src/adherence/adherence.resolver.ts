import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { addDays } from '../core/dates';
import { checkDateRange, pricedDays } from '../core/dateRange';
import { GraphQLContext, requireUser } from '../server/context';
import { AdherenceStatusEnum, ComplianceColourEnum } from '../logging/logging.types';
import { loadSeries, plannedSessionRpe } from '../logging/trainingLoad';
import { FITNESS_TAU_DAYS } from '../logging/logging.constants';
import type { AdherenceStatus } from './adherence.rules';
import { weeklySummary } from './adherence.summary';
import { AdherenceReport, TrainingLoadDay } from './adherence.types';

/** The longest range of one adherence or trainingLoad request. */
export const REPORT_MAX_DAYS = 366;
/** Days before `from` that warm up the load windows and averages (3 x the 42-day constant). */
export const LOAD_WARMUP_DAYS = 3 * FITNESS_TAU_DAYS;

const checkRange = (from: string, to: string): number => checkDateRange(from, to, REPORT_MAX_DAYS);
const rangeDays = (args: Record<string, unknown>): number => pricedDays(args, REPORT_MAX_DAYS);

@Resolver()
export class AdherenceResolver {
  @Query(() => AdherenceReport, {
    // about 7 planned items a day (a session and up to 6 meals)
    complexity: ({ args, childComplexity }) => 1 + rangeDays(args) * 7 * childComplexity,
    description: 'How your planned sessions and meals from `from` to `to` were followed, with weekly rates' })
  async adherence(
    @Arg('from', () => GraphQLLocalDate, { description: 'First day' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: `Last day (at most ${REPORT_MAX_DAYS} days)` }) to: string,
    @Ctx() context: GraphQLContext,
  ): Promise<AdherenceReport> {
    checkRange(from, to);
    const user = requireUser(context);
    // Every planned item on the calendar, with its record when it has one.
    const { rows } = await context.services.db.sql.asUser(user.id).query<{
      id: string; kind: 'session' | 'meal'; date: string; status: AdherenceStatus | null; colour: string | null; score: number | null;
      ratio: number | null; log_id: string | null; assessed_at: Date | null;
    }>(
      `SELECT c.id, c.event_type AS kind, c.date, r.status, r.colour, r.score, r.ratio, coalesce(r.activity_id, r.meal_log_id) AS log_id,
              r.assessed_at
       FROM calendar_events c
       LEFT JOIN adherence_records r ON r.id = c.id
       WHERE c.user_id = $1 AND c.date BETWEEN $2 AND $3 AND c.event_type IN ('session', 'meal')
       ORDER BY c.date, c.event_type, c.id`,
      [user.id, from, to],
    );
    return {
      records: rows.filter((r) => r.status !== null).map((r) => ({
        plannedId: r.id, kind: r.kind, date: r.date, status: r.status as AdherenceStatusEnum, colour: (r.colour ?? 'grey') as ComplianceColourEnum,
        score: r.score, ratio: r.ratio, logId: r.log_id, assessedAt: r.assessed_at!,
      })),
      weeks: weeklySummary(rows.map((r) => ({ date: r.date, kind: r.kind, status: r.status })), from, to).map((w) => ({
        weekStart: w.weekStart,
        training: { ...w.training, colour: w.training.colour as ComplianceColourEnum },
        nutrition: { ...w.nutrition, colour: w.nutrition.colour as ComplianceColourEnum },
      })),
    };
  }

  @Query(() => [TrainingLoadDay], {
    complexity: ({ args, childComplexity }) => 1 + rangeDays(args) * childComplexity,
    description: 'Planned and actual training load per day: session load, acute:chronic ratio, fitness, fatigue and form' })
  async trainingLoad(
    @Arg('from', () => GraphQLLocalDate, { description: 'First day' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: `Last day (at most ${REPORT_MAX_DAYS} days)` }) to: string,
    @Ctx() context: GraphQLContext,
  ): Promise<TrainingLoadDay[]> {
    checkRange(from, to);
    const user = requireUser(context);
    const warmup = addDays(from, -LOAD_WARMUP_DAYS);
    const sql = context.services.db.sql.asUser(user.id);
    const [actual, planned] = await Promise.all([
      sql.query<{ date: string; load: number }>(
        `SELECT local_date AS date, session_load AS load FROM activities WHERE user_id = $1 AND local_date BETWEEN $2 AND $3`,
        [user.id, warmup, to],
      ),
      sql.query<{ date: string; minutes: number; rirs: number[] }>(
        `SELECT s.date, s.estimated_minutes AS minutes,
                coalesce((SELECT array_agg(e.target_rir) FROM exercise_plan_items e WHERE e.session_instance_id = s.id), '{}') AS rirs
         FROM calendar_events c JOIN session_instances s ON s.id = c.session_instance_id
         WHERE c.user_id = $1 AND c.event_type = 'session' AND c.date BETWEEN $2 AND $3`,
        [user.id, warmup, to],
      ),
    ]);
    const actualSeries = loadSeries(actual.rows, warmup, from, to);
    const plannedSeries = loadSeries(planned.rows.map((r) => ({ date: r.date, load: r.minutes * plannedSessionRpe(r.rirs) })), warmup, from, to);
    return actualSeries.map((day, i) => {
      const { date, ...metrics } = day;
      const { date: _d, ...plan } = plannedSeries[i];
      return { date, actual: metrics, planned: plan };
    });
  }
}
