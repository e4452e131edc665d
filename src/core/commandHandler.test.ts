import { Database } from './db/database';
import { openTestDatabase, resetData } from './testing/testDatabase';
import { FixedClock, newUserId, testServices } from './testing/testServices';
import { handle } from './commandHandler';
import { AppError } from './errors';
import { Services } from '../services';
import { consultationStream } from '../consultations/consultation';
import { consultationDecider } from '../consultations/consultation.decide';
import { profileDecider, userStream } from '../profiles/profile';
import { randomUUID } from 'node:crypto';

let db: Database;
let services: Services;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());
beforeEach(async () => {
  await resetData(db);
  services = testServices(db, new FixedClock());
});

async function newConsultation(userId: string): Promise<string> {
  const options = { userId, now: services.clock.now().toISOString(), lookups: services.lookups };
  await handle(services.store, userStream(userId), profileDecider, { type: 'RegisterProfile', userId, email: null }, { ...options, lookups: undefined });
  const consultationId = randomUUID();
  await handle(services.store, consultationStream(consultationId), consultationDecider, { type: 'StartConsultation', consultationId, answers: {} }, options);
  return consultationId;
}

function update(userId: string, consultationId: string, weightKg: number, extra: { expectedVersion?: number; idempotencyKey?: string } = {}) {
  return handle(
    services.store,
    consultationStream(consultationId),
    consultationDecider,
    { type: 'UpdateConsultation', consultationId, changes: { weightKg } },
    { userId, now: services.clock.now().toISOString(), lookups: services.lookups, request: { consultationId, weightKg }, ...extra },
  );
}

const versions = async (stream: string) =>
  (await db.sql.query<{ v: number }>('SELECT stream_version AS v FROM plan_change_events WHERE stream_id = $1 ORDER BY 1', [stream])).rows.map((r) => r.v);

describe('handle', () => {
  it('two concurrent updates with the same expected version: exactly one wins, the other gets CONFLICT', async () => {
    const user = newUserId();
    const id = await newConsultation(user);
    const results = await Promise.allSettled([update(user, id, 70, { expectedVersion: 1 }), update(user, id, 71, { expectedVersion: 1 })]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(AppError);
    expect((lost[0].reason as AppError).code).toBe('CONFLICT');
    expect(await versions(consultationStream(id))).toEqual([1, 2]);
  });

  it('without an expected version, concurrent updates are retried and all land', async () => {
    const user = newUserId();
    const id = await newConsultation(user);
    await Promise.all([70, 71, 72].map((kg) => update(user, id, kg)));
    expect(await versions(consultationStream(id))).toEqual([1, 2, 3, 4]);
    const { rows } = await db.sql.query<{ version: number }>('SELECT version FROM consultation_sessions WHERE id = $1', [id]);
    expect(rows[0].version).toBe(4);
  });

  it('a retried command with the same idempotency key returns the first result and appends nothing', async () => {
    const user = newUserId();
    const id = await newConsultation(user);
    const first = await update(user, id, 70, { idempotencyKey: 'retry-1' });
    const again = await update(user, id, 70, { idempotencyKey: 'retry-1' });
    expect(first.replayed).toBe(false);
    expect(again).toMatchObject({ replayed: true, version: first.version, streamId: first.streamId, events: [] });
    expect(again.state).toEqual(first.state);
    expect(await versions(consultationStream(id))).toEqual([1, 2]);
  });

  it('a retry answers with the state as of the first request, not as the stream is now', async () => {
    const user = newUserId();
    const id = await newConsultation(user);
    const first = await update(user, id, 70, { idempotencyKey: 'first' });
    await update(user, id, 75);
    const again = await update(user, id, 70, { idempotencyKey: 'first' });
    expect(again).toMatchObject({ replayed: true, version: 2, events: [] });
    expect(again.state).toEqual(first.state);
    expect(again.history.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(await versions(consultationStream(id))).toEqual([1, 2, 3]);
  });

  it.each([-1, -100])('refuses expectedVersion %i as BAD_USER_INPUT naming the field, writing nothing', async (expectedVersion) => {
    const user = newUserId();
    const id = await newConsultation(user);
    await expect(update(user, id, 70, { expectedVersion })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedVersion' });
    expect(await versions(consultationStream(id))).toEqual([1]);
  });

  it('refuses an idempotency key reused for a different request, naming the field', async () => {
    const user = newUserId();
    const id = await newConsultation(user);
    await update(user, id, 70, { idempotencyKey: 'k' });
    await expect(update(user, id, 75, { idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(await versions(consultationStream(id))).toEqual([1, 2]);
  });

  it('a rejected command writes nothing', async () => {
    const user = newUserId();
    const id = await newConsultation(user);
    await expect(update(user, id, 500)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.weightKg' });
    expect(await versions(consultationStream(id))).toEqual([1]);
  });
});
