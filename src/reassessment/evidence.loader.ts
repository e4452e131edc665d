import { addDays } from '../core/dates';
import type { SqlExecutor } from '../core/db/sql';
import type { NutritionTargets } from '../programs/nutrition/targets';
import type { StoredMeal, StoredSession } from '../programs/program';
import { evidenceWindow, EvidenceRows } from './evidence';
import { TREND_LOOKBACK_DAYS } from './reassessment.constants';
import type { ReassessmentInputs } from './reassessment';

/**
 * Everything one reassessment reads, in ONE statement: the program (status, dates, version, due
 * date, targets in force, time zone) with the person's consultation answers; the window's evidence
 * (weigh-ins from the trend lookback, logged intake per day, the program's planned sessions and
 * meals with their adherence, logged activities with their sets, recovery context); and the plan
 * from the day after `today` on (sessions with exercises, meals with items). Every table is
 * filtered on the user, so it can run on the worker's own connection (the sweep) or as the user.
 */
export const REASSESSMENT_INPUTS_SQL = `
WITH p AS (
  SELECT p.id, p.user_id, p.status, p.start_date::text AS start_date, p.end_date::text AS end_date, p.version,
         p.next_reassessment_date::text AS next_reassessment_date, p.targets,
         c.sex, c.goal, c.target_rate_pct, c.experience, c.height_cm, c.weight_kg, c.body_fat_pct
  FROM programs p JOIN consultation_sessions c ON c.id = p.consultation_id
  WHERE p.id = $1 AND p.user_id = $2
)
SELECT
  (SELECT row_to_json(p) FROM p) AS program,
  coalesce((SELECT json_agg(json_build_object('date', u.date::text, 'kg', u.body_weight_kg) ORDER BY u.date)
    FROM user_context_log u WHERE u.user_id = $2 AND u.date BETWEEN $5::date AND $4::date AND u.body_weight_kg IS NOT NULL), '[]') AS weigh_ins,
  coalesce((SELECT json_agg(json_build_object('date', d.local_date::text, 'kcal', d.kcal))
    FROM (SELECT local_date, sum(kcal) AS kcal FROM meals WHERE user_id = $2 AND local_date BETWEEN $3::date AND $4::date AND kcal IS NOT NULL
          GROUP BY local_date) d), '[]') AS intake,
  coalesce((SELECT json_agg(json_build_object('id', s.id, 'date', s.date::text, 'status', r.status))
    FROM session_instances s LEFT JOIN adherence_records r ON r.id = s.id
    WHERE s.program_id = $1 AND s.date BETWEEN $3::date AND $4::date), '[]') AS sessions,
  (SELECT json_build_object('planned', count(*), 'eaten', count(*) FILTER (WHERE r.status IN ('completed', 'partial', 'similar')),
                            'skipped', count(*) FILTER (WHERE r.status = 'skipped'))
    FROM meal_instances m LEFT JOIN adherence_records r ON r.id = m.id
    WHERE m.program_id = $1 AND m.date BETWEEN $3::date AND $4::date) AS meals,
  coalesce((SELECT json_agg(json_build_object('date', a.local_date::text, 'rpe', a.rpe, 'exercises', coalesce(a.details->'exercises', '[]')))
    FROM activities a WHERE a.user_id = $2 AND a.local_date BETWEEN $3::date AND $4::date AND a.activity_type = 'strength'), '[]') AS activities,
  coalesce((SELECT json_agg(json_build_object('date', u.date::text, 'soreness', u.soreness, 'energy', u.energy))
    FROM user_context_log u WHERE u.user_id = $2 AND u.date BETWEEN $3::date AND $4::date), '[]') AS context,
  coalesce((SELECT json_agg(json_build_object('id', s.id, 'week', s.week, 'day', s.day, 'date', s.date::text, 'name', s.name, 'focus', s.focus,
      'isDeload', s.is_deload, 'estimatedMinutes', s.estimated_minutes,
      'exercises', coalesce((SELECT json_agg(json_build_object('id', e.id, 'exerciseId', e.exercise_id, 'position', e.position, 'sets', e.sets,
          'repsMin', e.reps_min, 'repsMax', e.reps_max, 'targetRir', e.target_rir, 'restSeconds', e.rest_seconds,
          'loadKg', e.load_kg::float8, 'notes', e.notes) ORDER BY e.position)
        FROM exercise_plan_items e WHERE e.session_instance_id = s.id), '[]')) ORDER BY s.date, s.name)
    FROM session_instances s WHERE s.program_id = $1 AND s.date >= $6::date AND EXISTS (SELECT 1 FROM p)), '[]') AS future_sessions,
  coalesce((SELECT json_agg(json_build_object('id', m.id, 'week', m.week, 'day', m.day, 'date', m.date::text, 'slot', m.slot, 'name', m.name,
      'kcal', m.kcal::float8, 'proteinG', m.protein_g::float8, 'carbsG', m.carbs_g::float8, 'fatG', m.fat_g::float8,
      'items', coalesce((SELECT json_agg(json_build_object('id', i.id, 'foodId', i.food_id, 'position', i.position, 'grams', i.grams::float8,
          'kcal', i.kcal::float8, 'proteinG', i.protein_g::float8, 'carbsG', i.carbs_g::float8, 'fatG', i.fat_g::float8) ORDER BY i.position)
        FROM meal_item_plan i WHERE i.meal_instance_id = m.id), '[]')) ORDER BY m.date, m.slot)
    FROM meal_instances m WHERE m.program_id = $1 AND m.date >= $6::date AND EXISTS (SELECT 1 FROM p)), '[]') AS future_meals`;

interface InputsRow {
  program: {
    id: string; user_id: string; status: string; start_date: string; end_date: string; version: number; next_reassessment_date: string | null;
    targets: NutritionTargets & { timeZone?: string }; sex: 'MALE' | 'FEMALE'; goal: ReassessmentInputs['person']['goal']; target_rate_pct: number | null;
    experience: ReassessmentInputs['person']['experience']; height_cm: number; weight_kg: number; body_fat_pct: number | null;
  } | null;
  weigh_ins: Array<{ date: string; kg: number }>;
  intake: EvidenceRows['intake'];
  sessions: EvidenceRows['sessions'];
  meals: EvidenceRows['meals'];
  activities: EvidenceRows['activities'];
  context: EvidenceRows['context'];
  future_sessions: StoredSession[];
  future_meals: StoredMeal[];
}

const num = (x: unknown): number | null => (x === null || x === undefined || !Number.isFinite(Number(x)) ? null : Number(x));

/** The inputs of a reassessment of `programId` on the person's local day `today` (null: not the user's program). */
export async function loadReassessmentInputs(sql: SqlExecutor, userId: string, programId: string, today: string): Promise<ReassessmentInputs | null> {
  const window = evidenceWindow(today);
  const { rows } = await sql.query<InputsRow>(REASSESSMENT_INPUTS_SQL, [
    programId, userId, window.from, window.to, addDays(window.from, -TREND_LOOKBACK_DAYS), addDays(today, 1),
  ]);
  const row = rows[0];
  const p = row?.program;
  if (!p) return null;
  const { timeZone, split: _split, ...targets } = p.targets as NutritionTargets & { timeZone?: string; split?: string };
  return {
    program: {
      id: p.id, userId: p.user_id, status: p.status, startDate: p.start_date, endDate: p.end_date, version: Number(p.version),
      nextReassessmentDate: p.next_reassessment_date, timeZone: timeZone ?? 'UTC', targets: targets as NutritionTargets,
    },
    person: {
      sex: p.sex, goal: p.goal, targetRatePct: num(p.target_rate_pct), experience: p.experience, heightCm: Number(p.height_cm),
      weightKg: Number(p.weight_kg), bodyFatPct: num(p.body_fat_pct),
    },
    rows: {
      weighIns: row.weigh_ins.map((w) => ({ date: w.date, kg: Number(w.kg) })),
      intake: row.intake.map((d) => ({ date: d.date, kcal: Number(d.kcal) })),
      sessions: row.sessions,
      meals: { planned: Number(row.meals?.planned ?? 0), eaten: Number(row.meals?.eaten ?? 0), skipped: Number(row.meals?.skipped ?? 0) },
      activities: row.activities.map((a) => ({ ...a, rpe: num(a.rpe) })),
      context: row.context,
    },
    futureSessions: row.future_sessions,
    futureMeals: row.future_meals,
  };
}

/** The program's owner-visible time zone (null when the program is not the user's). */
export async function programTimeZone(sql: SqlExecutor, userId: string, programId: string): Promise<{ timeZone: string } | null> {
  const { rows } = await sql.query<{ tz: string | null }>(
    `SELECT targets->>'timeZone' AS tz FROM programs WHERE id = $1 AND user_id = $2`, [programId, userId],
  );
  return rows[0] ? { timeZone: rows[0].tz ?? 'UTC' } : null;
}
