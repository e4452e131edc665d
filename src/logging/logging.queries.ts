import { badInput } from '../core/errors';
import { SqlExecutor } from '../core/db/sql';
import { checkPageSize } from '../reference/connection';
import type { Assessment } from '../adherence/adherence.rules';
import type { SessionMatch } from './activity';
import type { EatenItem, MealComparison, MealMatch } from './mealLog';
import type { LoggedExercise } from './similarity';
import {
  Activity, ActivityConnection, ActivityKindEnum, Adherence, AdherenceStatusEnum, ComplianceColourEnum, MealLog, MealLogConnection,
} from './logging.types';

/** The longest range one activities / mealLogs request may span. */
export const LOG_RANGE_MAX_DAYS = 366;

/** Keyset cursors: base64url of `<kind>:<ISO instant>|<uuid>`, opaque to clients. */
const encode = (kind: string, at: Date, id: string) => Buffer.from(`${kind}:${at.toISOString()}|${id}`, 'utf8').toString('base64url');

function decode(kind: string, cursor: string | null): { at: string; id: string } | null {
  if (cursor == null) return null;
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = new RegExp(`^${kind}:(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z)\\|([0-9a-f-]{36})$`).exec(text);
  if (!match) throw badInput('after', 'after must be a cursor this list returned');
  return { at: match[1], id: match[2] };
}

/** An assessment as the GraphQL Adherence (enum values are the same strings). */
export const adherenceOf = (a: Assessment | undefined | null): Adherence | null =>
  a ? { ...a, status: a.status as AdherenceStatusEnum, colour: a.colour as ComplianceColourEnum } : null;

interface ActivityRow {
  id: string; version: number; started_at: Date; local_date: string; activity_type: string; duration_minutes: number; rpe: number;
  session_load: number; planned_session_instance_id: string | null;
  details: { distanceKm: number | null; averageHeartRate: number | null; notes: string | null; exercises: LoggedExercise[]; match: SessionMatch | null };
}

export function activityFromRow(row: ActivityRow): Activity {
  const match = row.details.match;
  return {
    id: row.id, version: row.version, performedAt: row.started_at, localDate: row.local_date, kind: row.activity_type as ActivityKindEnum,
    durationMinutes: row.duration_minutes, rpe: row.rpe, sessionLoad: row.session_load, distanceKm: row.details.distanceKm,
    averageHeartRate: row.details.averageHeartRate, notes: row.details.notes, exercises: row.details.exercises ?? [],
    plannedSessionId: row.planned_session_instance_id, matchedBy: match?.matchedBy ?? null, similarity: match?.similarity ?? null,
    adherence: adherenceOf(match?.assessment),
  };
}

export const ACTIVITY_COLUMNS = `id, version, started_at, local_date, activity_type, duration_minutes, rpe, session_load,
  planned_session_instance_id, details`;

interface MealRow {
  id: string; version: number; eaten_at: Date; local_date: string; slot: number | null; name: string; kcal: number; protein_g: number;
  carbs_g: number; fat_g: number; items: EatenItem[]; notes: string | null; planned_meal_instance_id: string | null;
  adherence_json: (MealComparison & Assessment & { matchedBy: MealMatch['matchedBy'] }) | null;
}

export function mealLogFromRow(row: MealRow): MealLog {
  const a = row.adherence_json;
  return {
    id: row.id, version: row.version, eatenAt: row.eaten_at, localDate: row.local_date, slot: row.slot, name: row.name, items: row.items,
    totals: { kcal: row.kcal, proteinG: row.protein_g, carbsG: row.carbs_g, fatG: row.fat_g }, notes: row.notes,
    plannedMealId: row.planned_meal_instance_id, matchedBy: a?.matchedBy ?? null,
    comparison: a ? { planned: a.planned, actual: a.actual, delta: a.delta } : null, adherence: adherenceOf(a),
  };
}

export const MEAL_COLUMNS = `id, version, eaten_at, local_date, slot, name, kcal, protein_g, carbs_g, fat_g, items, notes,
  planned_meal_instance_id, adherence_json`;

/** A log table's keyset page: its rows ordered by (instant, id), the instant column named by the spec. */
interface LogList<Row, Node> {
  kind: string;
  table: 'activities' | 'meals';
  columns: string;
  /** The instant column rows are ordered by, and its value in a row. */
  at: 'started_at' | 'eaten_at';
  instant(row: Row): Date;
  toNode(row: Row): Node;
}

async function listLogs<Row extends { id: string }, Node>(
  spec: LogList<Row, Node>, sql: SqlExecutor, userId: string, from: string, to: string, first: number, after: string | null,
): Promise<{ edges: Array<{ cursor: string; node: Node }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> {
  checkPageSize(first);
  const cursor = decode(spec.kind, after);
  const { rows } = await sql.query<Row>(
    `SELECT ${spec.columns} FROM ${spec.table}
     WHERE user_id = $1 AND local_date BETWEEN $2 AND $3 AND ($4::timestamptz IS NULL OR (${spec.at}, id) > ($4::timestamptz, $5::uuid))
     ORDER BY ${spec.at}, id LIMIT $6`,
    [userId, from, to, cursor?.at ?? null, cursor?.id ?? null, first + 1],
  );
  const edges = rows.slice(0, first).map((row) => ({ cursor: encode(spec.kind, spec.instant(row), row.id), node: spec.toNode(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

export const listActivities = (sql: SqlExecutor, userId: string, from: string, to: string, first: number, after: string | null): Promise<ActivityConnection> =>
  listLogs<ActivityRow, Activity>({ kind: 'activity', table: 'activities', columns: ACTIVITY_COLUMNS, at: 'started_at', instant: (row) => row.started_at, toNode: activityFromRow },
    sql, userId, from, to, first, after);

export const listMealLogs = (sql: SqlExecutor, userId: string, from: string, to: string, first: number, after: string | null): Promise<MealLogConnection> =>
  listLogs<MealRow, MealLog>({ kind: 'meal', table: 'meals', columns: MEAL_COLUMNS, at: 'eaten_at', instant: (row) => row.eaten_at, toNode: mealLogFromRow },
    sql, userId, from, to, first, after);
