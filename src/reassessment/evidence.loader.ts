import { addDays } from '../core/dates';
import type { Sql, SqlExecutor } from '../core/db/sql';
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

/** The statement's parameters for one program on the person's local day `today`. */
function inputParams(userId: string, programId: string, today: string): string[] {
  const window = evidenceWindow(today);
  return [programId, userId, window.from, window.to, addDays(window.from, -TREND_LOOKBACK_DAYS), addDays(today, 1)];
}

function toInputs(row: InputsRow | undefined): ReassessmentInputs | null {
  const p = row?.program;
  if (!row || !p) return null;
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

/** The inputs of a reassessment of `programId` on the person's local day `today` (null: not the user's program). */
export async function loadReassessmentInputs(sql: SqlExecutor, userId: string, programId: string, today: string): Promise<ReassessmentInputs | null> {
  const { rows } = await sql.query<InputsRow>(REASSESSMENT_INPUTS_SQL, inputParams(userId, programId, today));
  return toInputs(rows[0]);
}

/**
 * The same statement for many programs at once (the sweep): one row per program, each with its
 * own user and local day, through a LATERAL over the arrays of parameters. Per program it saves
 * a round trip and the statement's planning (about 2.5 ms of the ~6 ms one program's load cost).
 */
export const REASSESSMENT_INPUTS_BATCH_SQL = `
SELECT rq.ord::int AS ord, x.*
FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::date[], $5::date[], $6::date[])
       WITH ORDINALITY AS rq(program_id, user_id, window_from, window_to, lookback_from, tomorrow, ord)
CROSS JOIN LATERAL (${REASSESSMENT_INPUTS_SQL.replace(/\$([1-6])\b/g, (_, n: string) =>
  ['rq.program_id', 'rq.user_id', 'rq.window_from', 'rq.window_to', 'rq.lookback_from', 'rq.tomorrow'][Number(n) - 1]!)}) x`;

export interface InputsRequest { userId: string; programId: string; today: string }

/**
 * The inputs of many reassessments in one statement, in the order asked (null: not that user's
 * program). It runs in a transaction of its own with JIT off: the estimated cost of a batch
 * crosses jit_above_cost (on a freshly loaded database with stale statistics a single program's
 * does too), and compiling it costs 0.3-5 s against ~2 ms of work per program.
 */
export async function loadReassessmentInputsBatch(sql: Sql, requests: readonly InputsRequest[]): Promise<Array<ReassessmentInputs | null>> {
  if (requests.length === 0) return [];
  const params = requests.map((r) => inputParams(r.userId, r.programId, r.today));
  const columns = [0, 1, 2, 3, 4, 5].map((i) => params.map((p) => p[i]));
  const { rows } = await sql.transaction(async (tx) => {
    await tx.exec('SET LOCAL jit = off');
    return tx.query<InputsRow & { ord: number }>(REASSESSMENT_INPUTS_BATCH_SQL, columns);
  });
  const out: Array<ReassessmentInputs | null> = requests.map(() => null);
  for (const row of rows) out[row.ord - 1] = toInputs(row);
  return out;
}

/** The program's owner-visible time zone (null when the program is not the user's). */
export async function programTimeZone(sql: SqlExecutor, userId: string, programId: string): Promise<{ timeZone: string } | null> {
  const { rows } = await sql.query<{ tz: string | null }>(
    `SELECT targets->>'timeZone' AS tz FROM programs WHERE id = $1 AND user_id = $2`, [programId, userId],
  );
  return rows[0] ? { timeZone: rows[0].tz ?? 'UTC' } : null;
}
