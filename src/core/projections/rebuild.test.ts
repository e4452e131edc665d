import { randomUUID } from 'node:crypto';
import { Database } from '../db/database';
import { openTestDatabase, resetData } from '../testing/testDatabase';
import { FixedClock, newUserId, testServices } from '../testing/testServices';
import { rebuildMatchesIncremental } from '../testing/rebuildCheck';
import { handle } from '../commandHandler';
import { ProjectionRegistry } from './registry';
import { rebuildProjections } from './rebuild';
import { Services } from '../../services';
import { consultationStream } from '../../consultations/consultation';
import { consultationDecider, ConsultationCommand } from '../../consultations/consultation.decide';
import { profileDecider, userStream } from '../../profiles/profile';

let db: Database;
let services: Services;
const clock = new FixedClock();

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());
beforeEach(async () => {
  await resetData(db);
  services = testServices(db, clock);
});

const run = (userId: string, consultationId: string, command: ConsultationCommand) =>
  handle(services.store, consultationStream(consultationId), consultationDecider, command, {
    userId, now: clock.now().toISOString(), lookups: services.lookups,
  });

async function someHistory(): Promise<void> {
  for (let u = 0; u < 3; u++) {
    const userId = newUserId();
    await handle(services.store, userStream(userId), profileDecider, { type: 'RegisterProfile', userId, email: `u${u}@example.com` }, {
      userId, now: clock.now().toISOString(), lookups: undefined,
    });
    const id = randomUUID();
    await run(userId, id, { type: 'StartConsultation', consultationId: id, answers: { heightCm: 170 + u, preferredWeekdays: ['MONDAY'] } });
    clock.advanceDays(1);
    await run(userId, id, {
      type: 'UpdateConsultation', consultationId: id,
      changes: {
        sex: 'FEMALE', birthDate: '1990-01-01', weightKg: 60 + u, goal: 'MAINTENANCE', experience: 'BEGINNER', trainingDaysPerWeek: 1,
        sessionMinutes: 40, activityLevel: 'LIGHT', dietType: 'VEGAN', mealsPerDay: 3, timeZone: 'UTC',
        startDate: clock.now().toISOString().slice(0, 10), programWeeks: 6, allergies: ['soy'], bodyFatPct: 25,
      },
    });
    await run(userId, id, { type: 'UpdateConsultation', consultationId: id, changes: { bodyFatPct: null } });
    if (u < 2) await run(userId, id, { type: 'CompleteConsultation', consultationId: id });
  }
}

describe('rebuild', () => {
  it('rebuilds every projection table to exactly what the incremental projections wrote', async () => {
    const { incremental, rebuilt } = await rebuildMatchesIncremental(db, services.registry, someHistory);
    expect(incremental.profiles).toHaveLength(3);
    expect(incremental.consultation_sessions).toHaveLength(3);
    expect(rebuilt).toEqual(incremental);
  });

  it('reports progress and leaves the old read models in place when a projection fails', async () => {
    await someHistory();
    const progress: number[] = [];
    const result = await rebuildProjections(db.sql, services.registry, { batchSize: 5, onProgress: (p) => progress.push(p.applied) });
    expect(result.events).toBe(14); // 3 profiles, 3 starts, 6 updates, 2 completions
    expect(progress).toEqual([0, 5, 10, 14]);

    const broken = new ProjectionRegistry([
      ...services.registry.projections.filter((p) => p.name !== 'consultations'),
      { name: 'consultations', tables: ['consultation_sessions'], handles: ['ConsultationCompleted'], apply: async () => { throw new Error('boom'); } },
    ]);
    await expect(rebuildProjections(db.sql, broken)).rejects.toThrow('boom');
    const { rows } = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM consultation_sessions');
    expect(rows[0].n).toBe(3);
  });

  it('refuses two projections owning one table', () => {
    const a = { name: 'a', tables: ['t'], handles: [], apply: async () => undefined };
    expect(() => new ProjectionRegistry([a, { ...a, name: 'b' }])).toThrow(/owned by both a and b/);
  });
});
