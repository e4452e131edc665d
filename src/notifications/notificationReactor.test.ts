import { Database } from '../core/db/database';
import { openSecondConnection, openTestDatabase, resetData } from '../core/testing/testDatabase';
import { FixedClock, testServices } from '../core/testing/testServices';
import { rebuildMatchesIncremental } from '../core/testing/rebuildCheck';
import { handle } from '../core/commandHandler';
import { EventStore } from '../core/eventStore/eventStore';
import { closeAdherenceDay } from '../adherence/sweep';
import type { Services } from '../services';
import { notificationIdFor, notificationInboxDecider, notificationInboxStream, notificationStream } from './notification';
import { NOTIFICATION_REACTOR } from './notificationReactor';
import { proposeOverride, reactorFor, turnUntil, userWithProgram } from './notification.fixtures';

let db: Database;
let services: Services;
const clock = new FixedClock();

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());
beforeEach(async () => {
  await resetData(db);
  clock.set('2026-03-02T09:00:00.000Z');
  services = testServices(db, clock);
});

interface Row { id: string; user_id: string; kind: string; title: string; body: string; data: Record<string, unknown>; source_position: number }

const notifications = async (): Promise<Row[]> =>
  (await db.sql.query<Row>('SELECT id, user_id, kind, title, body, data, source_position FROM notifications ORDER BY position')).rows;

/** NotificationCreated events in the log: how many, and in how many streams. */
async function created(): Promise<{ events: number; streams: number }> {
  const { rows } = await db.sql.query<{ events: number; streams: number }>(
    `SELECT count(*)::int AS events, count(DISTINCT stream_id)::int AS streams FROM plan_change_events WHERE event_type = 'NotificationCreated'`);
  return rows[0];
}

/** The reactor's checkpoint is at the last event of the log: everything was read. */
async function checkpointAtEnd(): Promise<boolean> {
  const { rows } = await db.sql.query<{ at_end: boolean }>(
    `SELECT coalesce((SELECT position FROM projection_checkpoints WHERE name = $1), 0) = (SELECT coalesce(max(global_position), 0) FROM plan_change_events) AS at_end`,
    [NOTIFICATION_REACTOR]);
  return rows[0].at_end;
}

const count = (n: number) => async () => (await created()).events >= n;

describe('the notification reactor', () => {
  it('makes each source event\'s notification once, as its owner, and a second run makes none', async () => {
    const { userId, programId } = await userWithProgram(services);
    const pending = await proposeOverride(services.store, userId, programId, '2026-03-04', 'pending');
    const applied = await proposeOverride(services.store, userId, programId, '2026-03-06', 'auto_applied');
    clock.set('2026-03-04T09:00:00.000Z');
    await closeAdherenceDay(services, { userId, date: '2026-03-02' }, clock.now()); // Monday: a session, nothing logged
    await closeAdherenceDay(services, { userId, date: '2026-03-03' }, clock.now()); // Tuesday: no session

    await turnUntil(reactorFor(services), 'four notifications', count(4));
    const rows = await notifications();
    expect(rows.map((r) => r.kind)).toEqual(['program_ready', 'adjustment_proposed', 'adjustment_auto_applied', 'session_missed']);
    expect(rows.every((r) => r.user_id === userId)).toBe(true);
    expect(rows[0]).toMatchObject({ title: 'Your 4-week program is ready', data: { programId, startDate: '2026-03-02' } });
    expect(rows[1]).toMatchObject({ body: pending.reasons[0].message, data: { overrideId: pending.overrideId, date: '2026-03-04' } });
    expect(rows[2]).toMatchObject({ data: { overrideId: applied.overrideId, date: '2026-03-06' } });
    const { rows: skipped } = await db.sql.query<{ id: string }>(
      `SELECT id FROM adherence_records WHERE user_id = $1 AND date = '2026-03-02' AND kind = 'session' AND status = 'skipped'`, [userId]);
    expect(skipped).toHaveLength(1);
    expect(rows[3]).toMatchObject({ title: 'Missed 1 session on 2026-03-02', data: { date: '2026-03-02', sessionIds: [skipped[0].id] } });
    // Each id is a function of its source event and kind; each notification is its own stream, owned by the user.
    for (const row of rows) expect(row.id).toBe(notificationIdFor(row.source_position, row.kind as never));
    const { rows: log } = await db.sql.query<{ stream_id: string; stream_version: number; user_id: string }>(
      `SELECT stream_id, stream_version, user_id FROM plan_change_events WHERE event_type = 'NotificationCreated' ORDER BY global_position`);
    expect(log).toEqual(rows.map((r) => ({ stream_id: notificationStream(r.id), stream_version: 1, user_id: userId })));

    // Another reactor (a restart) reads to the end and makes nothing more.
    await turnUntil(reactorFor(services), 'the checkpoint is at the end of the log', checkpointAtEnd);
    expect(await created()).toEqual({ events: 4, streams: 4 });
    expect(await notifications()).toHaveLength(4);
  });

  it('makes one notification per source event for several users in one batch', async () => {
    const users = [await userWithProgram(services), await userWithProgram(services)];
    for (const { userId, programId } of users) await proposeOverride(services.store, userId, programId, '2026-03-04', 'pending');
    await turnUntil(reactorFor(services), 'four notifications', count(4));
    await turnUntil(reactorFor(services), 'the end of the log', checkpointAtEnd);
    const rows = await notifications();
    expect(rows).toHaveLength(4);
    for (const { userId } of users) expect(rows.filter((r) => r.user_id === userId).map((r) => r.kind).sort()).toEqual(['adjustment_proposed', 'program_ready']);
  });

  it('resumes after a crash in the middle of a batch (the 3rd of 5 appends throws): every notification once', async () => {
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await userWithProgram(services));
    // One batch holds all five programs; the transaction rolls back whole.
    let appends = 0;
    const failing = Object.create(services.store) as EventStore;
    failing.appendAll = (...args) => {
      if (++appends === 3) return Promise.reject(new Error('crash on the 3rd append'));
      return services.store.appendAll(...args);
    };
    await turnUntil(reactorFor(services, { store: failing, batchSize: 1000 }), 'the 3rd append was tried', async () => appends >= 3, { tolerateErrors: true });
    expect(appends).toBe(3);
    expect(await created()).toEqual({ events: 0, streams: 0 }); // nothing of the failed turn committed

    // Now in small batches, crashing on the 3rd append: the batches before it stay committed.
    appends = 0;
    await turnUntil(reactorFor(services, { store: failing, batchSize: 4 }), 'the 3rd append was tried', async () => appends >= 3, { tolerateErrors: true });
    const before = (await created()).events;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(5);

    await turnUntil(reactorFor(services), 'five notifications', count(5));
    await turnUntil(reactorFor(services), 'the end of the log', checkpointAtEnd);
    expect(await created()).toEqual({ events: 5, streams: 5 });
    const rows = await notifications();
    expect(rows.map((r) => r.user_id).sort()).toEqual(users.map((u) => u.userId).sort());
  });

  it('two reactors racing (two connection pools on PostgreSQL) make each notification once', async () => {
    const second = await openSecondConnection(); // null on PGlite: two reactors on its one connection
    const other = second ? testServices(second, clock) : services;
    try {
      const reactors = [reactorFor(services, { batchSize: 3 }), reactorFor(other, { batchSize: 3 })];
      for (let i = 0; i < 6; i++) {
        await userWithProgram(services);
        await Promise.all(reactors.map((r) => r.turn()));
      }
      await Promise.all(reactors.map((r) => turnUntil(r, 'six notifications and the end of the log', async () => (await created()).events >= 6 && checkpointAtEnd())));
      expect(await created()).toEqual({ events: 6, streams: 6 });
      expect(await notifications()).toHaveLength(6);
    } finally {
      await second?.close();
    }
  });

  it('runs on its own timer and stops cleanly', async () => {
    const reactor = reactorFor(services, { intervalMs: 10 });
    reactor.start();
    try {
      await userWithProgram(services);
      const deadline = Date.now() + 20_000;
      while ((await created()).events < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await created()).toEqual({ events: 1, streams: 1 });
    } finally {
      await reactor.stop();
    }
  });

  it('rebuilds notifications, read marks included, to what the reactor and the marks wrote', async () => {
    const { incremental, rebuilt } = await rebuildMatchesIncremental(db, services.registry, async () => {
      const { userId, programId } = await userWithProgram(services);
      await proposeOverride(services.store, userId, programId, '2026-03-04', 'pending');
      await turnUntil(reactorFor(services), 'two notifications', count(2));
      const [first] = await notifications();
      clock.set('2026-03-03T10:00:00.000Z');
      await handle(services.store, notificationInboxStream(userId), notificationInboxDecider, { type: 'MarkNotificationsRead', ids: [first.id] }, {
        userId, now: clock.now().toISOString(), lookups: { owned: new Set([first.id]), unread: new Set([first.id]) },
      });
    });
    expect(incremental.notifications).toHaveLength(2);
    expect((incremental.notifications as Array<{ read_at: string | null }>).filter((n) => n.read_at !== null)).toHaveLength(1);
    expect(rebuilt).toEqual(incremental);
  });
});
