import { badInput } from '../core/errors';
import { SqlExecutor } from '../core/db/sql';
import { checkPageSize } from '../reference/connection';
import type { NotificationData } from '../adjustments/contracts';
import { Notification, NotificationConnection, NotificationKindEnum } from './notification.types';

interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown> | null;
  created_at: Date;
  read_at: Date | null;
  position: number;
}

export const NOTIFICATION_COLUMNS = 'id, kind, title, body, data, created_at, read_at, position';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A notification's GraphQL shape from its data (the follow-up ids are lifted out of it). */
export function toNotification(n: { id: string; kind: string; title: string; body: string; data: Record<string, unknown> | null; createdAt: Date; readAt: Date | null }): Notification {
  const data = n.data ?? {};
  return {
    id: n.id, kind: n.kind as NotificationKindEnum, title: n.title, body: n.body, createdAt: n.createdAt, readAt: n.readAt,
    read: n.readAt !== null, programId: text(data.programId), overrideId: text(data.overrideId), date: text(data.date),
    sessionIds: Array.isArray(data.sessionIds) ? data.sessionIds.filter((id): id is string => typeof id === 'string') : [], data,
  };
}

export const notificationFromRow = (row: NotificationRow): Notification =>
  toNotification({ ...row, createdAt: row.created_at, readAt: row.read_at });

/** As a live push carries it: new, so unread. */
export const notificationFromData = (data: NotificationData): Notification =>
  toNotification({ id: data.notificationId, kind: data.kind, title: data.title, body: data.body, data: data.data, createdAt: new Date(data.createdAt), readAt: null });

/** Keyset cursors: base64url of `notification:<position>`, opaque to clients. */
const encode = (position: number): string => Buffer.from(`notification:${position}`, 'utf8').toString('base64url');

function decode(cursor: string | null): number | null {
  if (cursor == null) return null;
  const raw = /^[A-Za-z0-9_-]{1,100}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^notification:(\d{1,15})$/.exec(raw);
  if (!match) throw badInput('after', 'after must be a cursor this list returned');
  return Number(match[1]);
}

/** The caller's notifications, newest first (by creation in the log), a page after the cursor. */
export async function listNotifications(
  sql: SqlExecutor, userId: string, first: number, after: string | null, unreadOnly: boolean,
): Promise<NotificationConnection> {
  checkPageSize(first);
  const before = decode(after);
  const { rows } = await sql.query<NotificationRow>(
    `SELECT ${NOTIFICATION_COLUMNS} FROM notifications
     WHERE user_id = $1 AND ($2::bigint IS NULL OR position < $2) AND (NOT $3 OR read_at IS NULL)
     ORDER BY position DESC LIMIT $4`,
    [userId, before, unreadOnly, first + 1],
  );
  const edges = rows.slice(0, first).map((row) => ({ cursor: encode(row.position), node: notificationFromRow(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

export async function unreadCount(sql: SqlExecutor, userId: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [userId]);
  return rows[0]?.n ?? 0;
}

/** The caller's notifications among ids, in the order of ids (others' and unknown ones are absent). */
export async function notificationsById(sql: SqlExecutor, userId: string, ids: readonly string[]): Promise<Notification[]> {
  const { rows } = await sql.query<NotificationRow>(
    `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = $1 AND id = ANY($2::uuid[])`,
    [userId, ids],
  );
  const byId = new Map(rows.map((row) => [row.id, notificationFromRow(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
