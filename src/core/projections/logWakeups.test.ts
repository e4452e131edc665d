import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Database } from '../db/database';
import { openSecondConnection, openTestDatabase, resetData } from '../testing/testDatabase';
import { EventStore } from '../eventStore/eventStore';
import { RecordedEvent } from '../eventStore/types';
import { LogTailer } from './logTailer';
import { LogWakeups } from './logWakeups';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());
beforeEach(async () => resetData(db));

async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const ping = (store: EventStore) => {
  const userId = randomUUID();
  return store.append(`ping-${randomUUID()}`, 0, [{ type: 'Pinged', data: { userId } }], { userId });
};

describe('log wake-ups (LISTEN on the trigger of migration 0013)', () => {
  it('fires after an append commits, on this connection and, on PostgreSQL, on another pool', async () => {
    const second = await openSecondConnection(); // null on PGlite: its own listen
    const wakeups = await LogWakeups.start((second ?? db).sql, pino({ level: 'silent' }));
    let fired = 0;
    const unsubscribe = wakeups.subscribe(() => fired++);
    try {
      await ping(new EventStore(db.sql));
      await waitUntil('a wake-up arrives', () => fired > 0);
      // One per transaction, not per event: an append of three events wakes once more, not three times.
      const before = fired;
      const userId = randomUUID();
      await new EventStore(db.sql).append(`ping-${randomUUID()}`, 0, [1, 2, 3].map((n) => ({ type: 'Pinged', data: { n } })), { userId });
      await waitUntil('the second wake-up arrives', () => fired > before);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fired).toBe(before + 1);
      // A rolled-back append notifies nothing.
      await db.sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO plan_change_events (stream_id, stream_version, event_type, data, user_id) VALUES ('x-1', 1, 'X', '{}', $1)`, [userId]);
        throw new Error('roll back');
      }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fired).toBe(before + 1);
    } finally {
      unsubscribe();
      await wakeups.stop();
      await second?.close();
    }
  });

  it('wakes a tailer whose interval is far away: it delivers at once', async () => {
    const store = new EventStore(db.sql);
    const delivered: RecordedEvent[] = [];
    const tailer = new LogTailer(store, { intervalMs: 60_000, onEvents: (events) => void delivered.push(...events) });
    const wakeups = await LogWakeups.start(db.sql, pino({ level: 'silent' }));
    wakeups.subscribe(() => tailer.wake());
    await tailer.start();
    try {
      const { events } = await ping(store);
      // Without the wake-up the next poll is a minute away. (Another database's open transaction on
      // a shared server can hold the safe horizon back: a later wake-up then delivers it.)
      let lastPing = Date.now();
      await waitUntil('the event is delivered', async () => {
        if (delivered.length === 0 && Date.now() - lastPing > 500) {
          lastPing = Date.now();
          await ping(store);
        }
        return delivered.length > 0;
      }, 20_000);
      expect(delivered[0].streamId).toBe(events[0].streamId);
    } finally {
      await wakeups.stop();
      await tailer.stop();
    }
  });
});
