import { SqlExecutor } from '../core/db/sql';
import { Projection } from '../core/projections/projection';
import { ActivityDeletedData, ActivityEditedData } from '../logging/activity';
import { MealLogDeletedData, MealLogEditedData } from '../logging/mealLog';
import { AdherenceDayClosedData } from './adherence';
import type { Assessment } from './adherence.rules';

/**
 * adherence_records: one row per planned session or meal that has been assessed, its id the
 * planned item's id. A linked log writes its assessment; a log that lets go of an item (edit,
 * delete) removes the item's row, or marks it skipped when its day is already closed; closing a
 * day marks every planned item of it without a row skipped. So adherence always follows the
 * logs: nothing is counted that a later event could leave stale.
 */

async function assess(
  tx: SqlExecutor,
  row: { id: string; userId: string; programId: string; date: string; kind: 'session' | 'meal'; assessment: Assessment; logId: string; at: string },
): Promise<void> {
  const { assessment: a } = row;
  await tx.query(
    `INSERT INTO adherence_records (id, user_id, program_id, date, kind, session_instance_id, meal_instance_id, status, score,
                                    assessed_at, ratio, colour, activity_id, meal_log_id)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 = 'session' THEN $1::uuid END, CASE WHEN $5 = 'meal' THEN $1::uuid END, $6, $7, $8, $9, $10,
             CASE WHEN $5 = 'session' THEN $11::uuid END, CASE WHEN $5 = 'meal' THEN $11::uuid END)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, score = EXCLUDED.score, assessed_at = EXCLUDED.assessed_at,
       ratio = EXCLUDED.ratio, colour = EXCLUDED.colour, activity_id = EXCLUDED.activity_id, meal_log_id = EXCLUDED.meal_log_id`,
    [row.id, row.userId, row.programId, row.date, row.kind, a.status, a.score === null ? null : Math.min(1, Math.max(0, a.score)), row.at,
      a.ratio === null ? null : Math.round(Math.min(a.ratio, 9999) * 1000) / 1000, a.colour, row.logId],
  );
}

/** The item is no longer linked: skipped when its day is closed, else not assessed yet. */
async function release(tx: SqlExecutor, plannedId: string | null, userId: string, at: string): Promise<void> {
  if (!plannedId) return;
  await tx.query(
    `WITH released AS (
       UPDATE adherence_records r SET status = 'skipped', score = 0, ratio = 0, colour = 'red', activity_id = NULL,
              meal_log_id = NULL, assessed_at = $3
       WHERE r.id = $1 AND r.user_id = $2
         AND EXISTS (SELECT 1 FROM adherence_closed_days d WHERE d.user_id = r.user_id AND d.date = r.date)
       RETURNING r.id)
     DELETE FROM adherence_records WHERE id = $1 AND user_id = $2 AND NOT EXISTS (SELECT 1 FROM released)`,
    [plannedId, userId, at],
  );
}

async function closeDay(tx: SqlExecutor, data: AdherenceDayClosedData): Promise<void> {
  await tx.query(
    `WITH closed AS (
       INSERT INTO adherence_closed_days (user_id, date, closed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING)
     INSERT INTO adherence_records (id, user_id, program_id, date, kind, session_instance_id, meal_instance_id, status, score,
                                    assessed_at, ratio, colour)
     SELECT c.id, c.user_id, c.program_id, c.date, c.event_type, c.session_instance_id, c.meal_instance_id, 'skipped', 0, $3, 0, 'red'
     FROM calendar_events c
     WHERE c.user_id = $1 AND c.date = $2 AND c.event_type IN ('session', 'meal')
     ON CONFLICT (id) DO NOTHING`,
    [data.userId, data.date, data.at],
  );
}

export const adherenceProjection: Projection = {
  name: 'adherence',
  tables: ['adherence_records', 'adherence_closed_days'],
  handles: ['ActivityLogged', 'ActivityEdited', 'ActivityDeleted', 'MealLogged', 'MealLogEdited', 'MealLogDeleted', 'AdherenceDayClosed'],
  async apply(event, tx) {
    switch (event.type) {
      case 'ActivityLogged':
      case 'ActivityEdited': {
        const data = event.data as ActivityEditedData;
        if (data.previousPlannedSessionId && data.previousPlannedSessionId !== data.match?.plannedSessionId) {
          await release(tx, data.previousPlannedSessionId, data.userId, data.at);
        }
        if (data.match) {
          await assess(tx, { id: data.match.plannedSessionId, userId: data.userId, programId: data.match.programId, date: data.match.plannedDate,
            kind: 'session', assessment: data.match.assessment, logId: data.activityId, at: data.at });
        }
        return;
      }
      case 'ActivityDeleted': {
        const data = event.data as ActivityDeletedData;
        return release(tx, data.previousPlannedSessionId, data.userId, data.at);
      }
      case 'MealLogged':
      case 'MealLogEdited': {
        const data = event.data as MealLogEditedData;
        if (data.previousPlannedMealId && data.previousPlannedMealId !== data.match?.plannedMealId) {
          await release(tx, data.previousPlannedMealId, data.userId, data.at);
        }
        if (data.match) {
          await assess(tx, { id: data.match.plannedMealId, userId: data.userId, programId: data.match.programId, date: data.match.plannedDate,
            kind: 'meal', assessment: data.match.assessment, logId: data.mealLogId, at: data.at });
        }
        return;
      }
      case 'MealLogDeleted': {
        const data = event.data as MealLogDeletedData;
        return release(tx, data.previousPlannedMealId, data.userId, data.at);
      }
      case 'AdherenceDayClosed':
        return closeDay(tx, event.data as AdherenceDayClosedData);
      default:
        return;
    }
  },
};
