import { Client } from 'pg';
import { Database, openDatabase } from '../core/db/database';
import { loadMigrations, migrate } from '../core/db/migrator';
import { testDatabaseUrl } from '../core/testing/testDatabase';
import { FixedClock, testServices } from '../core/testing/testServices';
import { LOG_START, LogCheckpoint } from '../core/eventStore/eventStore';
import { seedReferenceData } from '../reference/seed';
import type { Services } from '../services';
import { NOTIFICATION_REACTOR } from './notificationReactor';
import { reactorFor, turnUntil, userWithProgram } from './notification.fixtures';
import { waitUntil } from '../core/testing/waitUntil';
import { randomUUID } from 'node:crypto';
import { handle } from '../core/commandHandler';
import { EventStore } from '../core/eventStore/eventStore';
import { ProjectionRegistry } from '../core/projections/registry';
import { profileProjection } from '../profiles/profile.projection';
import { profileDecider, userStream } from '../profiles/profile';
import { programsStream } from '../programs/program';

/**
 * Where the notification reactor starts on a database that already has history: migration 0013
 * creates its checkpoint at the log's safe head, so deploying notifies nothing from before; a
 * checkpoint row taken away makes it start at the beginning of the log again, repeating nothing.
 * Each test migrates a database of its own up to 0012, writes the history, then applies 0013 on.
 */
jest.setTimeout(60_000);

const MIGRATION = '0013_notifications.sql';
const opened: Array<{ db: Database; drop: () => Promise<void> }> = [];

/** A new, empty database (PostgreSQL: `<test db>_<suffix>`, dropped after; PGlite: in memory). */
async function freshDatabase(suffix: string): Promise<Database> {
  const url = testDatabaseUrl();
  if (!url) {
    const db = await openDatabase({ kind: 'pglite', dir: null });
    opened.push({ db, drop: async () => undefined });
    return db;
  }
  const target = new URL(url);
  const name = `${target.pathname.slice(1)}_${suffix}`;
  target.pathname = `/${name}`;
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const db = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 4 });
  opened.push({ db, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) });
  return db;
}

afterAll(async () => {
  for (const { db, drop } of opened) {
    await db.close().catch(() => undefined);
    await drop();
  }
});

/** A database with every migration before 0013 applied and reference data: as deployed before notifications. */
async function beforeNotifications(suffix: string): Promise<{ db: Database; services: Services; rest: Awaited<ReturnType<typeof loadMigrations>> }> {
  const db = await freshDatabase(suffix);
  const files = await loadMigrations();
  await migrate(db.sql, files.filter((file) => file.name < MIGRATION));
  await seedReferenceData(db.sql);
  return { db, services: testServices(db, new FixedClock()), rest: files.filter((file) => file.name >= MIGRATION) };
}

/**
 * History written before 0013: a profile and a program's event, through a store that projects
 * profiles only (the program read models of today's code need later migrations). The reactor's
 * program_ready reads the event alone.
 */
async function pastProgram(db: Database): Promise<{ userId: string }> {
  const userId = randomUUID();
  const now = '2026-03-01T09:00:00.000Z';
  const store = new EventStore(db.sql, new ProjectionRegistry([profileProjection]).apply);
  await handle(store, userStream(userId), profileDecider, { type: 'RegisterProfile', userId, email: null }, { userId, now, lookups: undefined });
  await store.append(programsStream(userId), 0, [{
    type: 'ProgramGenerated',
    data: { programId: randomUUID(), userId, weeks: 4, startDate: '2026-03-02', endDate: '2026-03-29', targets: { targetKcal: 2100 }, at: now },
  }], { userId });
  return { userId };
}

async function checkpoint(db: Database): Promise<LogCheckpoint | null> {
  const { rows } = await db.sql.query<{ transaction_id: string; position: number }>(
    'SELECT transaction_id::text AS transaction_id, position FROM projection_checkpoints WHERE name = $1', [NOTIFICATION_REACTOR]);
  return rows[0] ? { transactionId: rows[0].transaction_id, position: rows[0].position } : null;
}

async function notifiedUsers(db: Database): Promise<string[]> {
  const { rows } = await db.sql.query<{ user_id: string }>('SELECT user_id FROM notifications ORDER BY position');
  return rows.map((row) => row.user_id);
}

async function lastPosition(db: Database): Promise<number> {
  const { rows } = await db.sql.query<{ p: number }>('SELECT coalesce(max(global_position), 0) AS p FROM plan_change_events');
  return rows[0].p;
}

describe('the notification reactor\'s first checkpoint (migration 0013)', () => {
  it('starts after the history present when 0013 is applied: only later events are notified', async () => {
    const { db, services, rest } = await beforeNotifications('reactor_history');
    const past = await pastProgram(db);
    // On a shared server another database's open transaction can hold the safe horizon back for
    // a moment: apply 0013 once the history is safe, as a deployment would find it.
    const end = await lastPosition(db);
    await waitUntil('the history is safe to read', async () => (await services.store.safeHead()).position === end);
    const head = await services.store.safeHead();
    await migrate(db.sql, rest);
    expect(await checkpoint(db)).toEqual(head);

    const now = await userWithProgram(services);
    await turnUntil(reactorFor(services), 'the new program is notified', async () => (await notifiedUsers(db)).length > 0);
    await turnUntil(reactorFor(services), 'the reactor read to the end', async () => (await checkpoint(db))!.position === (await lastPosition(db)));
    expect(await notifiedUsers(db)).toEqual([now.userId]);
    expect(past.userId).not.toBe(now.userId);

    // Without its row (taken away on purpose), the reactor reads from the start of the log: the
    // history is notified now, and what was notified already is not made again.
    await db.sql.query('DELETE FROM projection_checkpoints WHERE name = $1', [NOTIFICATION_REACTOR]);
    await turnUntil(reactorFor(services), 'the past program is notified', async () => (await notifiedUsers(db)).length === 2);
    await turnUntil(reactorFor(services), 'the reactor read to the end again', async () => (await checkpoint(db))!.position === (await lastPosition(db)));
    expect(await notifiedUsers(db)).toEqual([now.userId, past.userId]);
  });

  it('starts at the beginning on an empty log', async () => {
    const { db, services, rest } = await beforeNotifications('reactor_empty');
    await migrate(db.sql, rest);
    expect(await checkpoint(db)).toEqual(LOG_START);
    const first = await userWithProgram(services);
    await turnUntil(reactorFor(services), 'the first program is notified', async () => (await notifiedUsers(db)).length > 0);
    expect(await notifiedUsers(db)).toEqual([first.userId]);
  });
});
