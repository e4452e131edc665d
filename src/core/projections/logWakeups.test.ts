import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Database } from '../db/database';
import { QueryResult, Sql, scopeStatement } from '../db/sql';
import { openSecondConnection, openTestDatabase, resetData } from '../testing/testDatabase';
import { EventStore } from '../eventStore/eventStore';
import { RecordedEvent } from '../eventStore/types';
import { LogTailer } from './logTailer';
import { LOG_CHANNEL, LogWakeups } from './logWakeups';
import { waitUntil as waitFor } from '../testing/waitUntil';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());
beforeEach(async () => resetData(db));

const silent = pino({ level: 'silent' });

const waitUntil = (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => waitFor(what, condition, timeoutMs, 5);

const ping = (store: EventStore, tx?: Parameters<EventStore['append']>[4]) => {
  const userId = randomUUID();
  return store.append(`ping-${randomUUID()}`, 0, [{ type: 'Pinged', data: { userId } }], { userId }, tx);
};

/** Counts a LogWakeups' wake-ups. */
function counted(wakeups: LogWakeups): { fired: number } {
  const counter = { fired: 0 };
  wakeups.subscribe(() => counter.fired++);
  return counter;
}

/**
 * Another process's view: a second pool with its own wake-ups (LISTEN), and a marker NOTIFY sent
 * after everything before it. Notifications arrive in commit order, so once the marker has
 * arrived, every earlier one has too: what was not counted by then never comes.
 */
async function otherProcess(second: Database) {
  const wakeups = await LogWakeups.start(second.sql, new EventStore(second.sql), silent);
  const counter = counted(wakeups);
  return {
    wakeups,
    counter,
    async barrier(): Promise<void> {
      const before = counter.fired;
      await db.sql.query('SELECT pg_notify($1, $2)', [LOG_CHANNEL, 'marker']);
      await waitUntil('the marker arrives', () => counter.fired > before);
    },
  };
}

describe('log wake-ups after the commit (EventStore.onCommitted)', () => {
  it('wake this process at once and, on PostgreSQL, another one; once per transaction; never on rollback', async () => {
    const store = new EventStore(db.sql);
    const here = await LogWakeups.start(db.sql, store, silent);
    const local = counted(here);
    const second = await openSecondConnection(); // null on PGlite: one process, no NOTIFY
    const other = second ? await otherProcess(second) : null;
    try {
      await ping(store);
      expect(local.fired).toBe(1); // before append even returned: no round trip
      if (other) {
        await waitUntil('the other process is woken', () => other.counter.fired === 1);
        // Its own NOTIFY comes back to this process's LISTEN and is skipped (it woke itself already).
        await other.barrier();
        // This process's LISTEN hears its own NOTIFY and then the marker (one channel, commit order).
        await waitUntil('this process hears the marker', () => here.notificationsHeard === 2);
        expect(local.fired).toBe(2); // its own wake-up and the marker: its own NOTIFY woke nobody
        expect(here.notifiesSent).toBe(1);
      } else {
        expect(here.notifiesSent).toBe(0);
      }
      const marks = { local: local.fired, other: other?.counter.fired ?? 0, sent: here.notifiesSent };

      // Three streams in one command's transaction: one wake-up, one NOTIFY, after the commit.
      const userId = randomUUID();
      await store.transactionFor(userId, async (tx) => {
        for (const n of [1, 2, 3]) {
          await tx.exec(scopeStatement({ role: 'api', userId })); // each append leaves it as the projector
          await store.append(`ping-${randomUUID()}`, 0, [{ type: 'Pinged', data: { n } }], { userId }, tx);
        }
        expect(local.fired).toBe(marks.local);
      });
      expect(local.fired).toBe(marks.local + 1);
      // A rolled-back append wakes nobody and notifies nothing.
      await store.transactionFor(userId, async (tx) => {
        await store.append(`ping-${randomUUID()}`, 0, [{ type: 'Pinged', data: {} }], { userId }, tx);
        throw new Error('roll back');
      }).catch(() => undefined);
      expect(local.fired).toBe(marks.local + 1);
      await here.settled();
      if (other) {
        expect(here.notifiesSent).toBe(marks.sent + 1);
        await other.barrier();
        expect(other.counter.fired).toBe(marks.other + 2); // the command's commit, then the marker
      } else {
        expect(here.notifiesSent).toBe(0);
      }
    } finally {
      await here.stop();
      await other?.wakeups.stop();
      await second?.close();
    }
  });

  it('coalesce NOTIFYs: many commits at once send a few, and the last one follows the last commit', async () => {
    const store = new EventStore(db.sql);
    const here = await LogWakeups.start(db.sql, store, silent);
    const second = await openSecondConnection();
    const other = second ? await otherProcess(second) : null;
    const tailer = second ? new LogTailer(new EventStore(second.sql), { intervalMs: 60_000, withData: false, onEvents: (events) => void seen.push(...events) }) : null;
    const seen: RecordedEvent[] = [];
    if (tailer && other) {
      other.wakeups.subscribe(() => tailer.wake());
      await tailer.start();
    }
    try {
      const commits = 100;
      // 8 at a time, as the pool allows: commits land while a NOTIFY is under way.
      for (let i = 0; i < commits; i += 8) await Promise.all(Array.from({ length: Math.min(8, commits - i) }, () => ping(store)));
      await here.settled();
      if (!other) {
        expect(here.notifiesSent).toBe(0);
        return;
      }
      console.log(`coalescing: ${commits} commits (8 at a time) sent ${here.notifiesSent} NOTIFYs`);
      expect(here.notifiesSent).toBeGreaterThan(0);
      expect(here.notifiesSent).toBeLessThan(commits);
      // The other process's tailer, whose poll is a minute away, still gets every event.
      let lastPing = Date.now();
      await waitUntil('the other process has every event', async () => {
        // (Another database's open transaction can hold the safe horizon back: a later commit then wakes it.)
        if (seen.length < commits && Date.now() - lastPing > 1000) {
          lastPing = Date.now();
          await ping(store);
        }
        return seen.length >= commits;
      }, 20_000);
    } finally {
      await tailer?.stop();
      await here.stop();
      await other?.wakeups.stop();
      await second?.close();
    }
  });

  it('wake a tailer whose interval is far away: it delivers at once, here and in another process', async () => {
    const store = new EventStore(db.sql);
    const here = await LogWakeups.start(db.sql, store, silent);
    const second = await openSecondConnection();
    const there = second ? await LogWakeups.start(second.sql, new EventStore(second.sql), silent) : null;
    const tailers: Array<{ tailer: LogTailer; delivered: RecordedEvent[] }> = [];
    for (const [sql, wakeups] of [[db.sql, here], ...(second && there ? [[second.sql, there] as const] : [])] as const) {
      const delivered: RecordedEvent[] = [];
      const tailer = new LogTailer(new EventStore(sql), { intervalMs: 60_000, onEvents: (events) => void delivered.push(...events) });
      wakeups.subscribe(() => tailer.wake());
      await tailer.start();
      tailers.push({ tailer, delivered });
    }
    try {
      const { events } = await ping(store);
      // Without the wake-up the next poll is a minute away. (Another database's open transaction on
      // a shared server can hold the safe horizon back: a later wake-up then delivers it.)
      let lastPing = Date.now();
      await waitUntil('every tailer delivered the event', async () => {
        const all = tailers.every((t) => t.delivered.length > 0);
        if (!all && Date.now() - lastPing > 500) {
          lastPing = Date.now();
          await ping(store);
        }
        return all;
      }, 20_000);
      for (const { delivered } of tailers) expect(delivered[0].streamId).toBe(events[0].streamId);
    } finally {
      for (const { tailer } of tailers) await tailer.stop();
      await here.stop();
      await there?.stop();
      await second?.close();
    }
  });
});

describe('the NOTIFY coalescing, on a database that answers when told', () => {
  /** A PostgreSQL stand-in whose pg_notify statements wait until released. */
  function fakePostgres() {
    const pending: Array<() => void> = [];
    const sql = {
      kind: 'postgres',
      listen: async () => async () => undefined,
      query: (text: string) => {
        if (!text.includes('pg_notify')) throw new Error(`unexpected ${text}`);
        return new Promise<QueryResult<never>>((resolve) => pending.push(() => resolve({ rows: [], rowCount: 1 })));
      },
    } as unknown as Sql;
    return { sql, release: () => pending.splice(0).forEach((resolve) => resolve()), pending };
  }

  it('sends one NOTIFY at a time: a hundred commits during one send ask for exactly one more', async () => {
    const { sql, release, pending } = fakePostgres();
    const wakeups = await LogWakeups.start(sql, new EventStore(sql), silent, { minGapMs: 0 });
    const local = counted(wakeups);
    wakeups.committed();
    expect(wakeups.notifiesSent).toBe(1);
    for (let i = 0; i < 100; i++) wakeups.committed();
    expect(local.fired).toBe(101); // the process's own consumers are woken every time (PollLoop folds them)
    expect(wakeups.notifiesSent).toBe(1);
    release();
    await waitUntil('the second NOTIFY is sent', () => pending.length === 1);
    expect(wakeups.notifiesSent).toBe(2);
    release();
    await wakeups.settled();
    expect(wakeups.notifiesSent).toBe(2); // nothing committed since the second was sent
    wakeups.committed();
    expect(wakeups.notifiesSent).toBe(3);
    release();
    await wakeups.stop();
  });

  it('spaces NOTIFYs at least minGapMs apart; the first after a quiet spell goes at once', async () => {
    const { sql, release, pending } = fakePostgres();
    const wakeups = await LogWakeups.start(sql, new EventStore(sql), silent, { minGapMs: 200 });
    const started = Date.now();
    wakeups.committed();
    expect(wakeups.notifiesSent).toBe(1);
    release();
    await wakeups.settled();
    wakeups.committed(); // right after: waits for the gap, and the commits meanwhile ride with it
    wakeups.committed();
    expect(wakeups.notifiesSent).toBe(1);
    await waitUntil('the second NOTIFY is sent', () => pending.length === 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(wakeups.notifiesSent).toBe(2);
    release();
    await wakeups.settled();
    expect(wakeups.notifiesSent).toBe(2);
    await wakeups.stop();
  });
});
