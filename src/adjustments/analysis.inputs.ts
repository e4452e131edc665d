import { addDays, daysBetween } from '../core/dates';
import type { SqlExecutor } from '../core/db/sql';
import { loadSeries } from '../logging/trainingLoad';
import { ACUTE_DAYS, CHRONIC_DAYS } from '../logging/logging.constants';
import type { Services } from '../services';
import type { DailyContext, DayAnalysisInputs, NutritionOverride } from './contracts';
import { computeReadiness } from './readiness';
import { BASELINE_MAX_DAYS } from './readiness.constants';
import { ACWR_MIN_HISTORY_DAYS } from './rules.constants';

type Session = NonNullable<DayAnalysisInputs['plannedSession']>;

interface InputsRow {
  program_id: string | null;
  targets: { targetKcal?: number; proteinG?: number; carbsG?: number; fatG?: number; tdeeKcal?: number } | null;
  session: { id: string; name: string; focus: string; isDeload: boolean; estimatedMinutes: number; exercises: Session['exercises'] } | null;
  contexts: Array<{
    date: string; sleepHours: number | null; sleepQuality: number | null; stress: number | null; soreness: number | null; energy: number | null;
    hrvMs: number | null; restingHr: number | null; bodyWeightKg: number | null; notes: string | null;
  }>;
  loads: Array<{ date: string; load: number }>;
  first_activity: string | null;
  skipped: number;
}

/**
 * Everything the adjustment rules read, in ONE statement (one round trip; inside `tx` when given,
 * else one scoped read as the user): the program covering the day with that day's targets and TDEE, the
 * day's planned session (the first by name) with its exercises, the day's context and the 28 days
 * before it, the session loads of the 28 days before it (for the acute:chronic ratio up to the
 * day before), the person's first logged activity, and the planned sessions recorded skipped in
 * the 7 days before. Readiness and the ratio are computed here, in memory.
 */
export const DAY_INPUTS_SQL = `
WITH program AS (
  -- The targets in force that day: a reassessment's from its first day on, else the generated ones.
  SELECT p.id, coalesce((SELECT h->'targets' FROM jsonb_array_elements(p.targets_history) h
                         WHERE h->>'from' <= $2::date::text ORDER BY h->>'from' DESC LIMIT 1), p.targets) AS targets
  FROM programs p
  WHERE p.user_id = $1 AND p.start_date <= $2::date AND p.end_date >= $2::date
    AND (p.superseded_from IS NULL OR p.superseded_from > $2::date)
  ORDER BY p.created_at DESC, p.id LIMIT 1
), session AS (
  SELECT s.* FROM calendar_events c JOIN session_instances s ON s.id = c.session_instance_id
  WHERE c.user_id = $1 AND c.date = $2::date AND c.event_type = 'session' AND s.program_id = (SELECT id FROM program)
  ORDER BY s.name, s.id LIMIT 1
)
SELECT
  (SELECT id FROM program) AS program_id,
  (SELECT targets FROM program) AS targets,
  (SELECT json_build_object('id', s.id, 'name', s.name, 'focus', s.focus, 'isDeload', s.is_deload, 'estimatedMinutes', s.estimated_minutes,
     'exercises', coalesce((SELECT json_agg(json_build_object('plannedExerciseId', e.id, 'exerciseId', e.exercise_id, 'position', e.position,
        'sets', e.sets, 'repsMin', e.reps_min, 'repsMax', e.reps_max, 'targetRir', e.target_rir, 'restSeconds', e.rest_seconds,
        'loadKg', e.load_kg) ORDER BY e.position) FROM exercise_plan_items e WHERE e.session_instance_id = s.id), '[]'::json))
   FROM session s) AS session,
  coalesce((SELECT json_agg(json_build_object('date', u.date, 'sleepHours', u.sleep_hours, 'sleepQuality', u.sleep_quality, 'stress', u.stress,
     'soreness', u.soreness, 'energy', u.energy, 'hrvMs', u.hrv_ms, 'restingHr', u.resting_hr, 'bodyWeightKg', u.body_weight_kg, 'notes', u.notes)
     ORDER BY u.date)
   FROM user_context_log u WHERE u.user_id = $1 AND u.date BETWEEN $3::date AND $2::date), '[]'::json) AS contexts,
  coalesce((SELECT json_agg(json_build_object('date', a.local_date, 'load', a.session_load))
   FROM activities a WHERE a.user_id = $1 AND a.local_date BETWEEN $4::date AND $5::date AND a.session_load IS NOT NULL), '[]'::json) AS loads,
  (SELECT min(a.local_date) FROM activities a WHERE a.user_id = $1) AS first_activity,
  (SELECT count(*) FROM adherence_records r
   WHERE r.user_id = $1 AND r.kind = 'session' AND r.status = 'skipped' AND r.date BETWEEN $6::date AND $5::date)::int AS skipped`;

const num = (x: unknown): number | null => (x === null || x === undefined || !Number.isFinite(Number(x)) ? null : Number(x));

function toContext(userId: string, c: InputsRow['contexts'][number]): DailyContext {
  return {
    userId, date: c.date, sleepHours: num(c.sleepHours) ?? 0, sleepQuality: num(c.sleepQuality) ?? 3, stress: num(c.stress) ?? 3,
    soreness: num(c.soreness) ?? 3, energy: num(c.energy) ?? 3, hrvMs: num(c.hrvMs), restingHr: num(c.restingHr),
    bodyWeightKg: num(c.bodyWeightKg), notes: c.notes ?? null,
  };
}

function dayTargetsOf(targets: InputsRow['targets']): NutritionOverride | null {
  if (!targets) return null;
  const [kcal, proteinG, carbsG, fatG] = [targets.targetKcal, targets.proteinG, targets.carbsG, targets.fatG].map(num);
  return kcal === null || proteinG === null || carbsG === null || fatG === null ? null : { kcal, proteinG, carbsG, fatG };
}

/** Loads for one user and local day; see DAY_INPUTS_SQL for what and in how many round trips (one). */
export async function loadDayAnalysisInputs(services: Services, userId: string, date: string, tx?: SqlExecutor): Promise<DayAnalysisInputs> {
  const sql = tx ?? services.db.sql.asUser(userId);
  const dayBefore = addDays(date, -1);
  const { rows } = await sql.query<InputsRow>(DAY_INPUTS_SQL, [
    userId, date, addDays(date, -BASELINE_MAX_DAYS), addDays(date, -CHRONIC_DAYS), dayBefore, addDays(date, -ACUTE_DAYS),
  ]);
  const row = rows[0];
  const contexts = (row?.contexts ?? []).map((c) => toContext(userId, c));
  const context = contexts.find((c) => c.date === date) ?? null;
  const history = contexts.filter((c) => c.date !== date);

  let acuteChronicRatio: number | null = null;
  if (row?.first_activity && daysBetween(row.first_activity, date) >= ACWR_MIN_HISTORY_DAYS) {
    const loads = row.loads.map((l) => ({ date: l.date, load: num(l.load) ?? 0 }));
    const [day] = loadSeries(loads, addDays(date, -CHRONIC_DAYS), dayBefore, dayBefore);
    acuteChronicRatio = day?.acuteChronicRatio ?? null;
  }

  const s = row?.session ?? null;
  const programId = row?.program_id ?? null;
  return {
    userId,
    date,
    programId,
    context,
    readiness: context ? computeReadiness(context, history) : null,
    plannedSession: s && {
      ...s,
      exercises: s.exercises.map((e) => ({ ...e, loadKg: num(e.loadKg) })),
    },
    dayTargets: programId ? dayTargetsOf(row.targets) : null,
    maintenanceKcal: programId ? num(row.targets?.tdeeKcal) : null,
    acuteChronicRatio,
    skippedSessionsLast7Days: row?.skipped ?? 0,
  };
}
