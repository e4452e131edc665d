import { addDays } from '../core/dates';
import { SqlExecutor } from '../core/db/sql';
import type { DailyContext as DailyContextData } from '../adjustments/contracts';
import { computeReadiness } from '../adjustments/readiness';
import { BASELINE_MAX_DAYS } from '../adjustments/readiness.constants';
import { DailyContext, toReadiness } from './context.types';

interface ContextRow {
  user_id: string; date: string; sleep_hours: number | null; sleep_quality: number | null; stress: number | null; soreness: number | null;
  energy: number | null; hrv_ms: number | null; resting_hr: number | null; body_weight_kg: number | null; notes: string | null;
  version: number; created_at: Date; updated_at: Date;
}

export const CONTEXT_COLUMNS = `user_id, date, sleep_hours, sleep_quality, stress, soreness, energy, hrv_ms, resting_hr, body_weight_kg, notes,
  version, created_at, updated_at`;

/** A row as the domain shape readiness reads. */
export function toContextData(r: Pick<ContextRow, Exclude<keyof ContextRow, 'version' | 'created_at' | 'updated_at'>>): DailyContextData {
  return {
    userId: r.user_id, date: r.date, sleepHours: r.sleep_hours ?? 0, sleepQuality: r.sleep_quality ?? 3, stress: r.stress ?? 3,
    soreness: r.soreness ?? 3, energy: r.energy ?? 3, hrvMs: r.hrv_ms, restingHr: r.resting_hr, bodyWeightKg: r.body_weight_kg, notes: r.notes,
  };
}

function toDailyContext(r: ContextRow): DailyContext {
  const { userId: _u, ...data } = toContextData(r);
  return { ...data, version: r.version, loggedAt: r.created_at, updatedAt: r.updated_at };
}

/**
 * The person's context from `from` to `to`, each day with its readiness: one query, reaching 28
 * days before `from` for the baselines.
 */
export async function contextRange(sql: SqlExecutor, userId: string, from: string, to: string): Promise<DailyContext[]> {
  const { rows } = await sql.query<ContextRow>(
    `SELECT ${CONTEXT_COLUMNS} FROM user_context_log WHERE user_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date`,
    [userId, addDays(from, -BASELINE_MAX_DAYS), to],
  );
  const all = rows.map(toContextData);
  return rows.flatMap((row, i) => {
    if (row.date < from) return [];
    const day = toDailyContext(row);
    day.precomputedReadiness = toReadiness(computeReadiness(all[i], all.slice(0, i)));
    return [day];
  });
}

/** The 28 days of context before `date` (the readiness baseline window), oldest first. */
export async function contextHistory(sql: SqlExecutor, userId: string, date: string): Promise<DailyContextData[]> {
  const { rows } = await sql.query<ContextRow>(
    `SELECT ${CONTEXT_COLUMNS} FROM user_context_log WHERE user_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date`,
    [userId, addDays(date, -BASELINE_MAX_DAYS), addDays(date, -1)],
  );
  return rows.map(toContextData);
}
