import { addDays } from '../core/dates';
import { SqlExecutor } from '../core/db/sql';
import { PlannedSessionCandidate } from './activity.decide';
import { PlannedMealCandidate } from './mealLog.decide';
import { MATCH_WINDOW_DAYS } from './logging.constants';

/**
 * The person's time zone: their newest program's, else their newest consultation's, else UTC.
 * It decides which local day a log counts for.
 */
export async function userTimeZone(sql: SqlExecutor, userId: string): Promise<string> {
  const { rows } = await sql.query<{ tz: string | null }>(
    `SELECT coalesce(
       (SELECT targets->>'timeZone' FROM programs WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 1),
       (SELECT time_zone FROM consultation_sessions WHERE user_id = $1 AND time_zone IS NOT NULL ORDER BY updated_at DESC, id LIMIT 1)
     ) AS tz`,
    [userId],
  );
  return rows[0]?.tz ?? 'UTC';
}

/**
 * The person's planned sessions in force (on the calendar) within the match window around a
 * local day, and any named ones, each with its exercises and the activity that holds it.
 */
export async function sessionCandidates(sql: SqlExecutor, userId: string, day: string, named: readonly string[]): Promise<PlannedSessionCandidate[]> {
  const { rows } = await sql.query<{ id: string; program_id: string; date: string; estimated_minutes: number; held_by: string | null; exercises: PlannedSessionCandidate['exercises'] }>(
    `SELECT s.id, s.program_id, s.date, s.estimated_minutes, a.id AS held_by,
            coalesce((SELECT json_agg(json_build_object('exerciseId', e.exercise_id, 'sets', e.sets, 'repsMin', e.reps_min,
                                                        'repsMax', e.reps_max, 'loadKg', e.load_kg) ORDER BY e.position)
                      FROM exercise_plan_items e WHERE e.session_instance_id = s.id), '[]'::json) AS exercises
     FROM calendar_events c
     JOIN session_instances s ON s.id = c.session_instance_id
     LEFT JOIN activities a ON a.planned_session_instance_id = s.id
     WHERE c.user_id = $1 AND c.event_type = 'session' AND (c.date BETWEEN $2 AND $3 OR c.id = ANY($4::uuid[]))`,
    [userId, addDays(day, -MATCH_WINDOW_DAYS), addDays(day, MATCH_WINDOW_DAYS), named],
  );
  return rows.map((r) => ({
    id: r.id, programId: r.program_id, date: r.date, kind: 'strength', estimatedMinutes: r.estimated_minutes,
    heldByActivityId: r.held_by, exercises: r.exercises,
  }));
}

/** The person's planned meals in force on a local day, and any named ones, with the log that holds each. */
export async function mealCandidates(sql: SqlExecutor, userId: string, day: string, named: readonly string[]): Promise<PlannedMealCandidate[]> {
  const { rows } = await sql.query<{ id: string; program_id: string; date: string; slot: number; kcal: number; protein_g: number; carbs_g: number; fat_g: number; held_by: string | null }>(
    `SELECT m.id, m.program_id, m.date, m.slot, m.kcal, m.protein_g, m.carbs_g, m.fat_g, l.id AS held_by
     FROM calendar_events c
     JOIN meal_instances m ON m.id = c.meal_instance_id
     LEFT JOIN meals l ON l.planned_meal_instance_id = m.id
     WHERE c.user_id = $1 AND c.event_type = 'meal' AND (c.date = $2 OR c.id = ANY($3::uuid[]))`,
    [userId, day, named],
  );
  return rows.map((r) => ({
    id: r.id, programId: r.program_id, date: r.date, slot: r.slot, kcal: r.kcal, proteinG: r.protein_g, carbsG: r.carbs_g, fatG: r.fat_g,
    heldByMealLogId: r.held_by,
  }));
}

/** What an edit needs to know of a log before deciding: its local day and the plan item it holds. */
export async function currentLink(sql: SqlExecutor, table: 'activities' | 'meals', userId: string, id: string): Promise<{ localDate: string; plannedId: string | null } | null> {
  const column = table === 'activities' ? 'planned_session_instance_id' : 'planned_meal_instance_id';
  const { rows } = await sql.query<{ local_date: string; planned_id: string | null }>(
    `SELECT local_date, ${column} AS planned_id FROM ${table} WHERE id = $1 AND user_id = $2`,
    [id, userId],
  );
  return rows[0] ? { localDate: rows[0].local_date, plannedId: rows[0].planned_id } : null;
}
