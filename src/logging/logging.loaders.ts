import DataLoader from 'dataloader';
import { SqlExecutor } from '../core/db/sql';
import { GraphQLContext, requireUser } from '../server/context';
import type { Assessment } from '../adherence/adherence.rules';
import { ACTIVITY_COLUMNS, MEAL_COLUMNS, activityFromRow, adherenceOf, mealLogFromRow } from './logging.queries';
import { Activity, Adherence, MealLog } from './logging.types';

/** Per-request loaders for what the plan shows of the logs: one statement per kind, whatever the range. */
export function createLoggingLoaders(sql: SqlExecutor, userId: string) {
  return {
    adherence: new DataLoader<string, Adherence | null>(async (plannedIds) => {
      const { rows } = await sql.query<Assessment & { id: string }>(
        `SELECT id, status, coalesce(colour, 'grey') AS colour, ratio, score FROM adherence_records WHERE id = ANY($1::uuid[]) AND user_id = $2`,
        [plannedIds, userId],
      );
      const byId = new Map(rows.map((r) => [r.id, adherenceOf(r)]));
      return plannedIds.map((id) => byId.get(id) ?? null);
    }),
    activityOfSession: new DataLoader<string, Activity | null>(async (sessionIds) => {
      const { rows } = await sql.query<Parameters<typeof activityFromRow>[0] & { planned_session_instance_id: string }>(
        `SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE planned_session_instance_id = ANY($1::uuid[]) AND user_id = $2`,
        [sessionIds, userId],
      );
      const byId = new Map(rows.map((r) => [r.planned_session_instance_id, activityFromRow(r)]));
      return sessionIds.map((id) => byId.get(id) ?? null);
    }),
    logOfMeal: new DataLoader<string, MealLog | null>(async (mealIds) => {
      const { rows } = await sql.query<Parameters<typeof mealLogFromRow>[0] & { planned_meal_instance_id: string }>(
        `SELECT ${MEAL_COLUMNS} FROM meals WHERE planned_meal_instance_id = ANY($1::uuid[]) AND user_id = $2`,
        [mealIds, userId],
      );
      const byId = new Map(rows.map((r) => [r.planned_meal_instance_id, mealLogFromRow(r)]));
      return mealIds.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type LoggingLoaders = ReturnType<typeof createLoggingLoaders>;

const cache = new WeakMap<GraphQLContext, LoggingLoaders>();

export function loggingLoaders(context: GraphQLContext): LoggingLoaders {
  let loaders = cache.get(context);
  if (!loaders) {
    const userId = requireUser(context).id;
    loaders = createLoggingLoaders(context.services.db.sql.asUser(userId), userId);
    cache.set(context, loaders);
  }
  return loaders;
}
