import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Database, openDatabase } from '../db/database';
import { openTestDatabase, resetData } from '../testing/testDatabase';
import { EventStore } from '../eventStore/eventStore';
import { RecordedEvent } from '../eventStore/types';
import { LogTailer, MAX_RETRY_DELAY_MS } from './logTailer';
import { waitUntil } from '../testing/waitUntil';

const INTERVAL_MS = 20;

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());
beforeEach(async () => resetData(db));

const ping = (store: EventStore) => {
  const userId = randomUUID();
  return store.append(`ping-${randomUUID()}`, 0, [{ type: 'Pinged', data: { userId } }], { userId });
};


describe('LogTailer when the log cannot be read', () => {
  /** A store whose reads fail while `down` is set, as during a database restart. */
  function flakyStore(): { store: EventStore; setDown(down: boolean): void } {
    const real = new EventStore(db.sql);
    let down = false;
    const store = Object.create(real) as EventStore;
    store.readAllSafe = (...args) => {
      if (down) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
      return real.readAllSafe(...args);
    };
    return { store, setDown: (value) => (down = value) };
  }

  it('reports each failed poll, backs off, and resumes where it was once the database is back', async () => {
    const { store, setDown } = flakyStore();
    const delivered: RecordedEvent[] = [];
    const errors: unknown[] = [];
    // Driven by hand (no start(): no timer polling meanwhile), from the start of the emptied log.
    const tailer = new LogTailer(store, { intervalMs: INTERVAL_MS, onEvents: (events) => void delivered.push(...events), onError: (e) => errors.push(e) });
    const first = await ping(store);
    // On a shared PostgreSQL another database's open transaction can hold the safe horizon back.
    await waitUntil('the first event is delivered', async () => (await tailer.poll(), delivered.length === 1));

    setDown(true);
    const second = await ping(store);
    expect(await tailer.poll()).toBe(0);
    expect(await tailer.poll()).toBe(0);
    expect(await tailer.poll()).toBe(0);
    expect(errors).toHaveLength(3);
    // Polls slow down while the database is away (a restart takes seconds; no busy retry, no log flood).
    expect(tailer.nextDelayMs).toBe(INTERVAL_MS * 2 ** 3);

    setDown(false);
    await waitUntil('the event appended while down is delivered', async () => (await tailer.poll(), delivered.length >= 2));
    expect(tailer.nextDelayMs).toBe(INTERVAL_MS);
    expect(delivered.map((e) => e.streamId)).toEqual([first.events[0].streamId, second.events[0].streamId]);
    await tailer.stop();
  });

  it('caps the back-off', async () => {
    const { store, setDown } = flakyStore();
    const tailer = new LogTailer(store, { intervalMs: INTERVAL_MS, onEvents: () => undefined });
    setDown(true);
    for (let i = 0; i < 20; i++) await tailer.poll();
    expect(tailer.nextDelayMs).toBe(MAX_RETRY_DELAY_MS);
    await tailer.stop();
  });
});

describe('LogTailer polls', () => {
  it('delivers an event once when polls overlap (a slow poll and the next tick)', async () => {
    const store = new EventStore(db.sql);
    const delivered: string[] = [];
    const tailer = new LogTailer(store, { intervalMs: INTERVAL_MS, onEvents: (events) => void delivered.push(...events.map((e) => e.streamId)) });
    const { events } = await ping(store);
    await waitUntil('the event is delivered', async () => (await Promise.all([tailer.poll(), tailer.poll()]), delivered.length > 0));
    await Promise.all([tailer.poll(), tailer.poll()]);
    expect(delivered).toEqual([events[0].streamId]);
  });
});

const describePg = process.env.DATABASE_URL ? describe : describe.skip;
const APPLICATION = `tailer-test-${process.pid}`;

describePg('LogTailer on PostgreSQL', () => {
  it('keeps delivering, in order and once, after its backends are terminated', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${url.pathname.slice(1) || 'test'}_w${process.env.JEST_WORKER_ID ?? '0'}`; // as openTestDatabase names it
    const admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    url.searchParams.set('application_name', APPLICATION);
    const own = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    const writer = new EventStore(db.sql);
    const delivered: string[] = [];
    const tailer = new LogTailer(new EventStore(own.sql), { intervalMs: INTERVAL_MS, onEvents: (events) => void delivered.push(...events.map((e) => e.streamId)) });
    try {
      await tailer.start();
      const before = await ping(writer);
      await waitUntil('the first event is delivered', () => delivered.length === 1);

      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [APPLICATION]);
      expect(rows.length).toBeGreaterThan(0);
      await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [rows.map((r) => r.pid)]);
      const after = await ping(writer);
      await waitUntil('the event appended after the termination is delivered', () => delivered.length >= 2);
      expect(delivered).toEqual([before.events[0].streamId, after.events[0].streamId]);
    } finally {
      await tailer.stop();
      await own.close();
      await admin.end();
    }
  });
});
