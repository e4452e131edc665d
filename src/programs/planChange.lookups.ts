import { SqlExecutor } from '../core/db/sql';
import type { PersonPlanChange } from './planChange.contracts';
import type { PlanChangeLookups } from './planChange.decide';

/** The item ids a change names (at most one of each is set). */
export interface NamedItems { sessionId: string | null; plannedExerciseId: string | null; plannedMealItemId: string | null; toDate: string | null }

export function namedItems(change: PersonPlanChange): NamedItems {
  return {
    sessionId: change.kind === 'reschedule_session' || change.kind === 'skip_session' ? change.sessionId : null,
    plannedExerciseId: change.kind === 'swap_exercise' ? change.plannedExerciseId : null,
    plannedMealItemId: change.kind === 'swap_meal_item' ? change.plannedMealItemId : null,
    toDate: change.kind === 'reschedule_session' ? change.toDate : null,
  };
}

/** The program that holds a session, planned exercise or meal item of the user; null when none of theirs does. */
export async function programOfItem(sql: SqlExecutor, userId: string, named: NamedItems): Promise<string | null> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT p.id FROM programs p
     WHERE p.user_id = $1 AND p.id = coalesce(
       (SELECT s.program_id FROM session_instances s WHERE s.id = $2::uuid),
       (SELECT s.program_id FROM exercise_plan_items e JOIN session_instances s ON s.id = e.session_instance_id WHERE e.id = $3::uuid),
       (SELECT m.program_id FROM meal_item_plan i JOIN meal_instances m ON m.id = i.meal_instance_id WHERE i.id = $4::uuid))`,
    [userId, named.sessionId, named.plannedExerciseId, named.plannedMealItemId],
  );
  return rows[0]?.id ?? null;
}

const SESSION_JSON = `json_build_object('id', s.id, 'week', s.week, 'day', s.day, 'date', s.date, 'name', s.name, 'focus', s.focus,
  'isDeload', s.is_deload, 'estimatedMinutes', s.estimated_minutes,
  'exercises', coalesce((SELECT json_agg(json_build_object('id', e.id, 'exerciseId', e.exercise_id, 'position', e.position, 'sets', e.sets,
      'repsMin', e.reps_min, 'repsMax', e.reps_max, 'targetRir', e.target_rir, 'restSeconds', e.rest_seconds, 'loadKg', e.load_kg,
      'notes', e.notes) ORDER BY e.position, e.id) FROM exercise_plan_items e WHERE e.session_instance_id = s.id), '[]'::json),
  'loggedActivityId', (SELECT a.id FROM activities a WHERE a.planned_session_instance_id = s.id LIMIT 1))`;

const MEAL_JSON = `json_build_object('id', m.id, 'week', m.week, 'day', m.day, 'date', m.date, 'slot', m.slot, 'name', m.name,
  'kcal', m.kcal, 'proteinG', m.protein_g, 'carbsG', m.carbs_g, 'fatG', m.fat_g,
  'items', coalesce((SELECT json_agg(json_build_object('id', i.id, 'foodId', i.food_id, 'position', i.position, 'grams', i.grams,
      'kcal', i.kcal, 'proteinG', i.protein_g, 'carbsG', i.carbs_g, 'fatG', i.fat_g) ORDER BY i.position, i.id)
    FROM meal_item_plan i WHERE i.meal_instance_id = m.id), '[]'::json),
  'loggedMealId', (SELECT l.id FROM meals l WHERE l.planned_meal_instance_id = m.id LIMIT 1))`;

/**
 * Everything a plan change decides on, in one statement: the program, the person's limits from
 * its consultation, the session or meal concerned (with what is logged for it) and whether a
 * reschedule's day already holds a session. Run in the command's transaction (row-level security
 * as the caller), after the stream is read.
 */
export async function loadPlanChangeLookups(sql: SqlExecutor, userId: string, programId: string, named: NamedItems): Promise<PlanChangeLookups> {
  const { rows } = await sql.query<{ program: PlanChangeLookups['program'] & { limits: PlanChangeLookups['limits'] } | null; session: PlanChangeLookups['session']; meal: PlanChangeLookups['meal']; on_to_date: string | null }>(
    `SELECT
       (SELECT json_build_object('id', p.id, 'startDate', p.start_date, 'endDate', p.end_date, 'supersededFrom', p.superseded_from,
               'timeZone', coalesce(p.targets->>'timeZone', c.time_zone, 'UTC'),
               'limits', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('equipment', c.equipment, 'injuries', c.injuries,
                 'excludedExercises', c.excluded_exercises, 'dietType', c.diet_type, 'allergies', c.allergies, 'excludedFoods', c.excluded_foods) END)
        FROM programs p LEFT JOIN consultation_sessions c ON c.id = p.consultation_id WHERE p.id = $1 AND p.user_id = $2) AS program,
       (SELECT ${SESSION_JSON} FROM session_instances s
        WHERE s.program_id = $1 AND (s.id = $3::uuid OR s.id = (SELECT session_instance_id FROM exercise_plan_items WHERE id = $4::uuid))) AS session,
       (SELECT ${MEAL_JSON} FROM meal_instances m
        WHERE m.program_id = $1 AND m.id = (SELECT meal_instance_id FROM meal_item_plan WHERE id = $5::uuid)) AS meal,
       (SELECT s.id FROM session_instances s WHERE s.program_id = $1 AND s.date = $6::date AND s.id IS DISTINCT FROM $3::uuid LIMIT 1) AS on_to_date`,
    [programId, userId, named.sessionId, named.plannedExerciseId, named.plannedMealItemId, named.toDate && /^\d{4}-\d{2}-\d{2}$/.test(named.toDate) ? named.toDate : null],
  );
  const row = rows[0];
  const { limits = null, ...program } = row?.program ?? ({} as NonNullable<typeof row.program>);
  return {
    program: row?.program ? program : null,
    limits,
    session: row?.session ?? null,
    meal: row?.meal ?? null,
    sessionOnToDate: row?.on_to_date ?? null,
  };
}
