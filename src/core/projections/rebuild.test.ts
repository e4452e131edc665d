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

  // Refuse rather than keep: a row that references a profile the rebuild must empty (ON DELETE
  // CASCADE) would be deleted, keeping it would need foreign keys switched off, and no projection
  // could write it again. Refusing names the table and changes nothing. (A table of the test's
  // own: every table of the schema has a projection.)
  it('refuses, changing nothing, when it would empty rows of a table no projection rebuilds', async () => {
    await someHistory();
    const { rows: [profile] } = await db.sql.query<{ id: string }>('SELECT id FROM profiles LIMIT 1');
    await db.sql.exec('CREATE TABLE rebuild_test_orphans (id UUID PRIMARY KEY, user_id UUID NOT NULL REFERENCES profiles(id) ON DELETE CASCADE)');
    try {
      await db.sql.query('INSERT INTO rebuild_test_orphans (id, user_id) VALUES ($1, $2)', [randomUUID(), profile.id]);
      await expect(rebuildProjections(db.sql, services.registry)).rejects.toThrow(/rebuild_test_orphans \(1 row\).*no projection rebuilds/);
      const { rows } = await db.sql.query<{ orphans: number; profiles: number }>(
        'SELECT (SELECT count(*)::int FROM rebuild_test_orphans) AS orphans, (SELECT count(*)::int FROM profiles) AS profiles',
      );
      expect(rows[0]).toEqual({ orphans: 1, profiles: 3 });
    } finally {
      await db.sql.exec('DROP TABLE rebuild_test_orphans');
    }
  });

  it('refuses when a projection forgets to list a table that holds rows', async () => {
    await someHistory();
    const forgetful = new ProjectionRegistry(
      services.registry.projections.map((p) => (p.name === 'consultations' ? { ...p, tables: [] } : p)),
    );
    await expect(rebuildProjections(db.sql, forgetful)).rejects.toThrow(/consultation_sessions \(3 rows\).*no projection rebuilds/);
  });

  it('empties only the owned tables: the log, checkpoints and reference data stay', async () => {
    await someHistory();
    await db.sql.query(`INSERT INTO projection_checkpoints (name, position) VALUES ('a-consumer', 7)`);
    const counts = () => db.sql.query(
      `SELECT (SELECT count(*)::int FROM plan_change_events) AS events, (SELECT count(*)::int FROM projection_checkpoints) AS checkpoints,
              (SELECT count(*)::int FROM exercises) AS exercises, (SELECT count(*)::int FROM foods) AS foods`,
    );
    const before = (await counts()).rows[0];
    await rebuildProjections(db.sql, services.registry);
    expect((await counts()).rows[0]).toEqual(before);
  });

  it('refuses a projection that names a table the database does not have', async () => {
    const typo = new ProjectionRegistry([{ name: 'typo', tables: ['profils'], handles: [], apply: async () => undefined }]);
    await expect(rebuildProjections(db.sql, typo)).rejects.toThrow(/typo.*profils.*does not exist/);
  });

  (process.env.DATABASE_URL ? it : it.skip)('makes readers wait for its commit, then shows them the rebuilt rows (PostgreSQL)', async () => {
    await someHistory();
    let paused!: () => void;
    const reached = new Promise<void>((resolve) => (paused = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const pausing = new ProjectionRegistry(services.registry.projections.map((p) => (p.name !== 'profiles' ? p : {
      ...p,
      apply: async (event, tx) => {
        paused();
        await released;
        return p.apply(event, tx);
      },
    })));
    const rebuild = rebuildProjections(db.sql, pausing);
    await reached; // the tables are truncated, the replay is under way
    const reader = db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM profiles');
    for (;;) {
      const { rows } = await db.sql.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT count(*)::int AS n FROM profiles%'`,
      );
      if (rows.length > 0) break; // the reader waits on the rebuild's lock, it does not see old rows
    }
    release();
    await rebuild;
    expect((await reader).rows[0].n).toBe(3);
  });

  it('refuses two projections owning one table', () => {
    const a = { name: 'a', tables: ['t'], handles: [], apply: async () => undefined };
    expect(() => new ProjectionRegistry([a, { ...a, name: 'b' }])).toThrow(/owned by both a and b/);
  });
});
