import { SqlExecutor } from '../core/db/sql';
import { ConcurrencyConflict } from '../core/eventStore/eventStore';
import { Projection } from '../core/projections/projection';
import { RecordedEvent } from '../core/eventStore/types';
import { ActivityDeletedData, ActivityLoggedData, activityStream } from './activity';
import { MealLogDeletedData, MealLoggedData, mealLogStream, mealName } from './mealLog';
import { sessionLoad } from './trainingLoad';

/**
 * activities and meals, one row per live log. A planned session or meal is held by at most one
 * log (a unique partial index): when two logs race for the same one, the second insert does
 * nothing and the command is retried as a concurrency conflict, re-deciding with fresh data.
 */

function activityRow(data: ActivityLoggedData) {
  const a = data.activity;
  return [
    data.activityId, data.userId, a.kind, a.performedAt, a.durationMinutes,
    JSON.stringify({ rpe: a.rpe, distanceKm: a.distanceKm, averageHeartRate: a.averageHeartRate, notes: a.notes,
      timeZone: a.timeZone, exercises: a.exercises, match: data.match }),
    data.match?.plannedSessionId ?? null, data.match?.similarity.score ?? null, data.at, a.localDate, a.rpe,
    sessionLoad(a.rpe, a.durationMinutes),
  ];
}

async function activityLogged(event: RecordedEvent, data: ActivityLoggedData, tx: SqlExecutor): Promise<void> {
  const { rowCount } = await tx.query(
    `INSERT INTO activities (id, user_id, activity_type, started_at, duration_minutes, details, planned_session_instance_id,
                             similarity_score, created_at, local_date, rpe, session_load, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $9)
     ON CONFLICT DO NOTHING`,
    activityRow(data),
  );
  if (rowCount === 0) throw new ConcurrencyConflict(activityStream(data.activityId), event.streamVersion - 1);
}

async function activityEdited(event: RecordedEvent, data: ActivityLoggedData, tx: SqlExecutor): Promise<void> {
  const row = activityRow(data);
  const { rowCount } = await tx.query(
    `UPDATE activities SET activity_type = $3, started_at = $4, duration_minutes = $5, details = $6,
            planned_session_instance_id = $7, similarity_score = $8, updated_at = $9, local_date = $10, rpe = $11,
            session_load = $12, version = $13
     WHERE id = $1 AND user_id = $2
       AND ($7::uuid IS NULL OR NOT EXISTS (SELECT 1 FROM activities o WHERE o.planned_session_instance_id = $7 AND o.id <> $1))`,
    [...row, event.streamVersion],
  );
  if (rowCount === 0) throw new ConcurrencyConflict(activityStream(data.activityId), event.streamVersion - 1);
}

function mealRow(data: MealLoggedData) {
  const m = data.meal;
  const adherence = data.match ? { ...data.match.comparison, ...data.match.assessment, matchedBy: data.match.matchedBy } : null;
  return [
    data.mealLogId, data.userId, m.eatenAt, mealName(m), m.totals.kcal, m.totals.proteinG, m.totals.carbsG, m.totals.fatG,
    JSON.stringify(m.items), data.match?.plannedMealId ?? null, adherence === null ? null : JSON.stringify(adherence), data.at,
    m.localDate, m.slot, m.notes,
  ];
}

async function mealLogged(event: RecordedEvent, data: MealLoggedData, tx: SqlExecutor): Promise<void> {
  const { rowCount } = await tx.query(
    `INSERT INTO meals (id, user_id, eaten_at, name, kcal, protein_g, carbs_g, fat_g, items, planned_meal_instance_id,
                        adherence_json, created_at, local_date, slot, notes, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $12)
     ON CONFLICT DO NOTHING`,
    mealRow(data),
  );
  if (rowCount === 0) throw new ConcurrencyConflict(mealLogStream(data.mealLogId), event.streamVersion - 1);
}

async function mealEdited(event: RecordedEvent, data: MealLoggedData, tx: SqlExecutor): Promise<void> {
  const { rowCount } = await tx.query(
    `UPDATE meals SET eaten_at = $3, name = $4, kcal = $5, protein_g = $6, carbs_g = $7, fat_g = $8, items = $9,
            planned_meal_instance_id = $10, adherence_json = $11, updated_at = $12, local_date = $13, slot = $14, notes = $15,
            version = $16
     WHERE id = $1 AND user_id = $2
       AND ($10::uuid IS NULL OR NOT EXISTS (SELECT 1 FROM meals o WHERE o.planned_meal_instance_id = $10 AND o.id <> $1))`,
    [...mealRow(data), event.streamVersion],
  );
  if (rowCount === 0) throw new ConcurrencyConflict(mealLogStream(data.mealLogId), event.streamVersion - 1);
}

export const LOG_EVENT_TYPES = ['ActivityLogged', 'ActivityEdited', 'ActivityDeleted', 'MealLogged', 'MealLogEdited', 'MealLogDeleted'] as const;

export const loggingProjection: Projection = {
  name: 'logging',
  tables: ['activities', 'meals'],
  handles: LOG_EVENT_TYPES,
  async apply(event, tx) {
    switch (event.type) {
      case 'ActivityLogged':
        return activityLogged(event, event.data as ActivityLoggedData, tx);
      case 'ActivityEdited':
        return activityEdited(event, event.data as ActivityLoggedData, tx);
      case 'ActivityDeleted':
        await tx.query('DELETE FROM activities WHERE id = $1 AND user_id = $2', [
          (event.data as ActivityDeletedData).activityId, (event.data as ActivityDeletedData).userId]);
        return;
      case 'MealLogged':
        return mealLogged(event, event.data as MealLoggedData, tx);
      case 'MealLogEdited':
        return mealEdited(event, event.data as MealLoggedData, tx);
      case 'MealLogDeleted':
        await tx.query('DELETE FROM meals WHERE id = $1 AND user_id = $2', [
          (event.data as MealLogDeletedData).mealLogId, (event.data as MealLogDeletedData).userId]);
        return;
      default:
        return;
    }
  },
};
