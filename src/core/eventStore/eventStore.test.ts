import { Client } from 'pg';
import { Database } from '../db/database';
import { scopeStatement } from '../db/sql';
import { openTestDatabase, resetData } from '../testing/testDatabase';
import { ConcurrencyConflict, EventStore, LOG_START } from './eventStore';
import { RecordedEvent } from './types';

const USER = '44444444-4444-4444-8444-444444444444';
let db: Database;
let store: EventStore;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());
beforeEach(async () => {
  await resetData(db);
  store = new EventStore(db.sql);
});

/**
 * Waits until the whole log is past the safe horizon: on a shared PostgreSQL server another
 * database's open write transaction holds pg_snapshot_xmin (cluster-wide) back for a moment.
 */
async function untilAllSafe(): Promise<void> {
  const deadline = Date.now() + 20_000;
  const last = await store.lastPosition();
  while ((await store.safeHead()).position !== last) {
    if (Date.now() > deadline) throw new Error('the log never became safe to read');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const eventCount = async () => (await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_change_events')).rows[0].n;

describe('EventStore', () => {
  it('appends a batch at consecutive versions and reads it back in order', async () => {
    const result = await store.append('s-1', 0, [
      { type: 'ThingHappened', data: { n: 1, text: 'quote " and \\ backslash' } },
      { type: 'ThingHappened', data: { n: 2 } },
    ], { userId: USER, metadata: { actor: 'test' } });
    expect(result.version).toBe(2);
    const events = await store.readStream('s-1');
    expect(events.map((e) => [e.streamVersion, e.data])).toEqual([
      [1, { n: 1, text: 'quote " and \\ backslash' }],
      [2, { n: 2 }],
    ]);
    expect(events[0].metadata).toEqual({ actor: 'test' });
    expect(events[0].globalPosition).toBeLessThan(events[1].globalPosition);
    expect(events[0].recordedAt).toBeInstanceOf(Date);
  });

  it('can leave heavy keys of the data out when reading a stream', async () => {
    await store.append('s-big', 0, [{ type: 'Big', data: { id: 1, bundle: { rows: [1, 2, 3] } } }], { userId: USER });
    const [slim] = await store.readStream('s-big', { omitDataKeys: ['bundle'] });
    expect(slim.data).toEqual({ id: 1 });
    const [full] = await store.readStream('s-big');
    expect(full.data).toEqual({ id: 1, bundle: { rows: [1, 2, 3] } });
  });

  it('detects a stale expected version without writing anything', async () => {
    await store.append('s-2', 0, [{ type: 'A', data: {} }], { userId: USER });
    await expect(store.append('s-2', 0, [{ type: 'B', data: {} }, { type: 'C', data: {} }], { userId: USER })).rejects.toBeInstanceOf(
      ConcurrencyConflict,
    );
    // Version 2 was free, but the batch is all or nothing.
    expect(await eventCount()).toBe(1);
  });

  it('refuses a reused idempotency key for the same user, but not across users', async () => {
    await store.append('s-3', 0, [{ type: 'A', data: {} }], { userId: USER, idempotencyKey: 'k' });
    await expect(store.append('s-4', 0, [{ type: 'A', data: {} }], { userId: USER, idempotencyKey: 'k' })).rejects.toBeInstanceOf(
      ConcurrencyConflict,
    );
    await store.append('s-5', 0, [{ type: 'A', data: {} }], { userId: '55555555-5555-4555-8555-555555555555', idempotencyKey: 'k' });
    expect(await store.findIdempotent(USER, 'k')).toMatchObject({ streamId: 's-3', streamVersion: 1 });
  });

  it('runs the inline projector in the same transaction: a projector failure leaves no event', async () => {
    const failing = new EventStore(db.sql, async () => {
      throw new Error('projection failed');
    });
    await expect(failing.append('s-6', 0, [{ type: 'A', data: {} }], { userId: USER })).rejects.toThrow('projection failed');
    expect(await eventCount()).toBe(0);
  });

  it('appends to several streams in one transaction, the key on the first event', async () => {
    await store.append('b-2', 0, [{ type: 'A', data: {} }], { userId: USER });
    const results = await store.appendAll(
      [
        { streamId: 'a-1', expectedVersion: 0, events: [] },
        { streamId: 'b-2', expectedVersion: 1, events: [{ type: 'B', data: { n: 1 } }, { type: 'B', data: { n: 2 } }] },
        { streamId: 'c-3', expectedVersion: 0, events: [{ type: 'C', data: {} }] },
      ],
      { userId: USER, idempotencyKey: 'multi' },
    );
    expect(results.map((r) => [r.version, r.events.map((e) => e.streamVersion)])).toEqual([[0, []], [3, [2, 3]], [1, [1]]]);
    const hit = await store.findIdempotent(USER, 'multi');
    expect(hit).toMatchObject({ streamId: 'b-2', streamVersion: 2, versions: { 'b-2': 3, 'c-3': 1 } });
    expect((await store.readStream('c-3'))[0].idempotencyKey).toBeNull();
  });

  it('a failing projection of the second stream leaves nothing of either', async () => {
    const failing = new EventStore(db.sql, async (events) => {
      if (events.some((e) => e.type === 'B')) throw new Error('projection failed');
    });
    const batches = [
      { streamId: 'a-1', expectedVersion: 0, events: [{ type: 'A', data: {} }] },
      { streamId: 'b-2', expectedVersion: 0, events: [{ type: 'B', data: {} }] },
    ];
    await expect(failing.appendAll(batches, { userId: USER, idempotencyKey: 'k' })).rejects.toThrow('projection failed');
    expect(await eventCount()).toBe(0);
    await store.appendAll(batches, { userId: USER, idempotencyKey: 'k' });
    expect(await eventCount()).toBe(2);
  });

  it('a conflict on the second stream leaves nothing of the first', async () => {
    await store.append('b-2', 0, [{ type: 'B', data: {} }], { userId: USER });
    await expect(store.appendAll([
      { streamId: 'a-1', expectedVersion: 0, events: [{ type: 'A', data: {} }] },
      { streamId: 'b-2', expectedVersion: 0, events: [{ type: 'B', data: {} }] },
    ], { userId: USER })).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(await store.readStream('a-1')).toEqual([]);
    expect(await eventCount()).toBe(1);
  });

  it('reads a stream up to a version', async () => {
    await store.append('s-7', 0, [1, 2, 3].map((n) => ({ type: 'A', data: { n } })), { userId: USER });
    expect((await store.readStream('s-7', { toVersion: 2 })).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('reads everything committed, in order, from a checkpoint', async () => {
    for (let i = 0; i < 5; i++) await store.append(`s-${i}`, 0, [{ type: 'A', data: { i } }], { userId: USER });
    await untilAllSafe();
    const first = await store.readAllSafe(LOG_START, 3);
    expect(first.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2]);
    const last = first[first.length - 1];
    const rest = await store.readAllSafe({ transactionId: last.transactionId, position: last.globalPosition }, 10);
    expect(rest.map((e) => (e.data as { i: number }).i)).toEqual([3, 4]);
    const slim = await store.readAllSafe(LOG_START, 10, { withData: false });
    expect(slim.map((e) => [e.type, e.data])).toEqual(Array.from({ length: 5 }, () => ['A', null]));
  });

  it('reads data only for the types asked, without the keys left out', async () => {
    await store.append('m-1', 0, [{ type: 'A', data: { keep: 1, big: 'x' } }, { type: 'B', data: { keep: 2, big: 'y' } }], { userId: USER });
    await untilAllSafe();
    const some = await store.readAllSafe(LOG_START, 10, { withData: false, dataFor: ['B'], omitDataKeys: ['big'] });
    expect(some.map((e) => [e.type, e.data])).toEqual([['A', null], ['B', { keep: 2 }]]);
  });
});

const describePg = process.env.DATABASE_URL ? describe : describe.skip;

describePg('EventStore.readAllSafe with concurrent transactions (PostgreSQL only: PGlite has one connection)', () => {
  it('holds back events of later transactions until an earlier open one commits, then delivers both', async () => {
    const { rows } = await db.sql.query<{ url: string }>('SELECT current_database() AS url');
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${rows[0].url}`;
    const slow = new Client({ connectionString: url.toString() });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      // The slow transaction takes a position first...
      await slow.query(
        `INSERT INTO plan_change_events (stream_id, stream_version, event_type, data, user_id) VALUES ('slow', 1, 'Slow', '{}', $1)`,
        [USER],
      );
      // ...then a fast one takes a later position and commits.
      await store.append('fast', 0, [{ type: 'Fast', data: {} }], { userId: USER });
      const whileOpen = await store.readAllSafe(LOG_START, 10);
      expect(whileOpen.map((e: RecordedEvent) => e.type)).toEqual([]);
      await slow.query('COMMIT');
      await untilAllSafe();
      const after = await store.readAllSafe(LOG_START, 10);
      expect(after.map((e) => e.type).sort()).toEqual(['Fast', 'Slow']);
    } finally {
      await slow.end();
    }
  });
});

describe('EventStore.onCommitted (the after-commit hook that wakes the log consumers)', () => {
  let commits: number;
  beforeEach(() => {
    commits = 0;
    store.onCommitted(() => commits++);
  });

  it('fires once per committed transaction, when append returns, however many streams it held', async () => {
    await store.append('s-1', 0, [{ type: 'A', data: {} }, { type: 'B', data: {} }], { userId: USER });
    expect(commits).toBe(1);
    await store.appendAll([
      { streamId: 's-2', expectedVersion: 0, events: [{ type: 'A', data: {} }] },
      { streamId: 's-3', expectedVersion: 0, events: [{ type: 'A', data: {} }] },
    ], { userId: USER });
    expect(commits).toBe(2);
    await store.appendAll([{ streamId: 's-4', expectedVersion: 0, events: [] }], { userId: USER });
    expect(commits).toBe(2); // nothing appended, nothing to wake for
  });

  it('in a caller\'s transaction fires after THAT transaction commits, once for all its appends', async () => {
    let insideAfterAppends = -1;
    await store.transactionFor(USER, async (tx) => {
      await store.append('s-1', 0, [{ type: 'A', data: {} }], { userId: USER }, tx);
      await tx.exec(scopeStatement({ role: 'api', userId: USER })); // the append left it as the projector
      await store.append('s-2', 0, [{ type: 'A', data: {} }], { userId: USER }, tx);
      insideAfterAppends = commits;
    });
    expect(insideAfterAppends).toBe(0);
    expect(commits).toBe(1);
  });

  it('never fires when the transaction rolls back: a conflict, a caller\'s throw, a failing projection', async () => {
    await store.append('s-1', 0, [{ type: 'A', data: {} }], { userId: USER });
    commits = 0;
    await expect(store.append('s-1', 0, [{ type: 'A', data: {} }], { userId: USER })).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(store.transactionFor(USER, async (tx) => {
      await store.append('s-2', 0, [{ type: 'A', data: {} }], { userId: USER }, tx);
      throw new Error('the caller changes its mind');
    })).rejects.toThrow('changes its mind');
    const failing = new EventStore(db.sql, async () => {
      throw new Error('projection failed');
    });
    failing.onCommitted(() => commits++);
    await expect(failing.append('s-3', 0, [{ type: 'A', data: {} }], { userId: USER })).rejects.toThrow('projection failed');
    expect(commits).toBe(0);
    expect(await eventCount()).toBe(1);
  });

  it('does not fire for a transaction whose COMMIT rolled back (a failed statement the caller caught)', async () => {
    // PostgreSQL answers COMMIT with ROLLBACK; PGlite rejects the transaction.
    await db.sql.transaction(async (tx) => {
      await store.append('s-1', 0, [{ type: 'A', data: {} }], { userId: USER }, tx);
      await tx.query('SELECT 1 / 0').catch(() => undefined);
    }).catch(() => undefined);
    expect(commits).toBe(0);
    expect(await eventCount()).toBe(0);
  });

  it('stops firing once removed', async () => {
    const remove = store.onCommitted(() => commits++);
    await store.append('s-1', 0, [{ type: 'A', data: {} }], { userId: USER });
    expect(commits).toBe(2);
    remove();
    await store.append('s-2', 0, [{ type: 'A', data: {} }], { userId: USER });
    expect(commits).toBe(3);
  });
});
