import { SqlExecutor } from '../core/db/sql';
import { localDate } from '../consultations/consultation.rules';
import { exerciseOf } from '../programs/program.loaders';
import {
  AdjustmentMode, AdjustmentPolicy, DEFAULT_ADJUSTMENT_POLICY, NutritionOverride as NutritionOverrideData,
  TrainingOverride as TrainingOverrideData,
} from './contracts';
import {
  AnalysisTriggerEnum, DayOverride, DayOverrideStatusEnum, OverrideTypeEnum, TrainingOverride, TrainingOverrideKindEnum,
} from './adjustments.types';

export interface DayOverrideRow {
  id: string; date: string; program_id: string | null; override_type: string; status: string; confidence: number;
  reasons: Array<{ code: string; message: string }>; training_override: TrainingOverrideData | null;
  nutrition_override: NutritionOverrideData | null; user_overridden: boolean; applied_at: Date | null;
  reject_reason: string | null; trigger: string | null; version: number; created_at: Date;
}

export const DAY_OVERRIDE_COLUMNS = `id, date, program_id, override_type, status, confidence::float8 AS confidence, reasons,
  training_override, nutrition_override, user_overridden, applied_at, reject_reason, trigger, version, created_at`;

export function toTrainingOverride(t: TrainingOverrideData): TrainingOverride {
  return {
    kind: t.kind as TrainingOverrideKindEnum, sessionId: t.sessionId, estimatedMinutes: Math.round(t.estimatedMinutes),
    exercises: t.exercises.map((e) => ({
      plannedExerciseId: e.plannedExerciseId || null, exercise: exerciseOf(e.exerciseId), sets: e.sets, repsMin: e.repsMin,
      repsMax: e.repsMax, targetRir: e.targetRir, loadKg: e.loadKg,
    })),
  };
}

const roundTargets = (n: NutritionOverrideData) => ({
  kcal: Math.round(n.kcal), proteinG: Math.round(n.proteinG), carbsG: Math.round(n.carbsG), fatG: Math.round(n.fatG),
});

export function toDayOverride(row: DayOverrideRow): DayOverride {
  return {
    id: row.id, date: row.date, programId: row.program_id, overrideType: row.override_type as OverrideTypeEnum,
    status: row.status as DayOverrideStatusEnum, confidence: Number(row.confidence), reasons: row.reasons ?? [],
    trainingOverride: row.training_override ? toTrainingOverride(row.training_override) : null,
    nutritionOverride: row.nutrition_override ? roundTargets(row.nutrition_override) : null,
    userOverridden: row.user_overridden, appliedAt: row.applied_at, rejectReason: row.reject_reason,
    trigger: row.trigger as AnalysisTriggerEnum | null, version: row.version, createdAt: row.created_at,
  };
}

export async function overrideById(sql: SqlExecutor, userId: string, id: string): Promise<DayOverride | null> {
  const { rows } = await sql.query<DayOverrideRow>(`SELECT ${DAY_OVERRIDE_COLUMNS} FROM day_overrides WHERE id = $1 AND user_id = $2`, [id, userId]);
  return rows[0] ? toDayOverride(rows[0]) : null;
}

/** The newest override of each of the given days (any status). */
export async function latestOverrides(sql: SqlExecutor, userId: string, dates: readonly string[]): Promise<Map<string, DayOverride>> {
  const { rows } = await sql.query<DayOverrideRow>(
    `SELECT DISTINCT ON (date) ${DAY_OVERRIDE_COLUMNS} FROM day_overrides
     WHERE user_id = $1 AND date = ANY($2::date[]) ORDER BY date, created_at DESC, version DESC`,
    [userId, dates],
  );
  return new Map(rows.map((r) => [r.date, toDayOverride(r)]));
}

/** Every override of the days from..to, by date then newest first. */
export async function overridesBetween(sql: SqlExecutor, userId: string, from: string, to: string): Promise<DayOverride[]> {
  const { rows } = await sql.query<DayOverrideRow>(
    `SELECT ${DAY_OVERRIDE_COLUMNS} FROM day_overrides WHERE user_id = $1 AND date BETWEEN $2 AND $3
     ORDER BY date, created_at DESC, version DESC`,
    [userId, from, to],
  );
  return rows.map(toDayOverride);
}

export interface AdjustmentSettings {
  policy: AdjustmentPolicy;
  /** Version of the policy stream (0: never set). */
  policyVersion: number;
  timeZone: string;
}

/** TZ source as logging's userTimeZone: the newest program's, else the newest consultation's, else UTC. */
const TIME_ZONE_SQL = `coalesce(
  (SELECT targets->>'timeZone' FROM programs WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 1),
  (SELECT time_zone FROM consultation_sessions WHERE user_id = $1 AND time_zone IS NOT NULL ORDER BY updated_at DESC, id LIMIT 1))`;

/** The person's policy and time zone, in one statement. */
export async function adjustmentSettings(sql: SqlExecutor, userId: string): Promise<AdjustmentSettings> {
  const { rows } = await sql.query<{ mode: AdjustmentMode | null; threshold: number | null; version: number | null; tz: string | null }>(
    `SELECT p.mode, p.auto_apply_threshold::float8 AS threshold, p.version, ${TIME_ZONE_SQL} AS tz
     FROM (SELECT 1) one LEFT JOIN adjustment_policies p ON p.user_id = $1`,
    [userId],
  );
  const row = rows[0];
  return {
    policy: row?.mode ? { mode: row.mode, autoApplyThreshold: Number(row.threshold) } : DEFAULT_ADJUSTMENT_POLICY,
    policyVersion: row?.version ?? 0,
    timeZone: row?.tz ?? 'UTC',
  };
}

/** The person's local date at `now`; an unknown time zone counts as UTC. */
export function localToday(now: Date, timeZone: string): string {
  try {
    return localDate(now.toISOString(), timeZone);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
