import { randomUUID } from 'node:crypto';
import { resetData } from '../testing/testDatabase';
import { startTestServer, TestServer } from '../../../test/support/testServer';
import { createProgramLoaders } from '../../programs/program.loaders';
import { rebuildProjections } from '../projections/rebuild';
import { ProjectionRegistry } from '../projections/registry';
import { EventStore } from '../eventStore/eventStore';
import { scopedPrisma } from './scopedPrisma';
import { API_ROLE, PROJECTOR_ROLE } from './sql';

/*
 * Row-level security as a second wall (README "Database"): the API's statements run as the
 * non-owner role coach_api with app.user_id set per transaction, so a statement that forgets its
 * `WHERE user_id` still sees only the caller's rows; projections run as coach_projector.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());
beforeEach(async () => {
  await resetData(t.db);
  t.clock.set('2026-03-02T09:00:00.000Z');
});

const ANSWERS = {
  sex: 'FEMALE', birthDate: '1990-05-01', heightCm: 168, weightKg: 64, goal: 'MAINTENANCE', experience: 'BEGINNER',
  trainingDaysPerWeek: 2, preferredWeekdays: ['MONDAY', 'THURSDAY'], sessionMinutes: 45, equipment: ['DUMBBELL', 'BENCH'],
  injuries: [], activityLevel: 'LIGHT', dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'UTC',
  startDate: '2026-03-02', programWeeks: 4,
};

/** A user with a completed consultation and its program, made through the API. */
async function userWithProgram(): Promise<{ userId: string; programId: string }> {
  const userId = randomUUID();
  const token = await t.token(userId);
  const started = await t.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: ANSWERS }, token);
  expect(started.errors).toBeUndefined();
  const done = await t.gql(`mutation($id: UUID!) { completeConsultation(id: $id) { program { id } } }`, { id: started.data!.startConsultation.id }, token);
  expect(done.errors).toBeUndefined();
  return { userId, programId: done.data!.completeConsultation.program.id };
}

const pgCode = (error: unknown): string | undefined => (error as { code?: string }).code;

describe('row-level security', () => {
  it("a query that forgets WHERE user_id still returns only the caller's rows", async () => {
    const [a, b] = [await userWithProgram(), await userWithProgram()];
    const all = await t.db.sql.query<{ user_id: string }>('SELECT user_id FROM programs');
    expect(all.rows).toHaveLength(2); // the owner (migrations, rebuild, tests) sees everything

    const asA = t.db.sql.asUser(a.userId);
    const programs = await asA.query<{ id: string; user_id: string }>('SELECT * FROM programs');
    expect(programs.rows.map((row) => row.id)).toEqual([a.programId]);
    for (const table of ['plan_change_events', 'profiles', 'consultation_sessions', 'calendar_events']) {
      const { rows } = await asA.query<{ owner: string }>(`SELECT DISTINCT ${table === 'profiles' ? 'id' : 'user_id'}::text AS owner FROM ${table}`);
      expect({ table, owners: rows.map((row) => row.owner) }).toEqual({ table, owners: [a.userId] });
    }
    // Program parts are visible through the program's ownership.
    for (const [table, parent] of [['session_instances', 'program_id'], ['meal_instances', 'program_id']] as const) {
      const { rows } = await asA.query<{ program_id: string }>(`SELECT DISTINCT ${parent} AS program_id FROM ${table}`);
      expect({ table, programs: rows.map((row) => row.program_id) }).toEqual({ table, programs: [a.programId] });
    }
    const items = await asA.query<{ n: number; mine: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE s.program_id = $1)::int AS mine
       FROM exercise_plan_items e JOIN session_instances s ON s.id = e.session_instance_id`, [a.programId]);
    expect(items.rows[0].n).toBeGreaterThan(0);
    expect(items.rows[0].n).toBe(items.rows[0].mine);
    const { rows: [other] } = await t.db.sql.asUser(b.userId).query<{ n: number }>('SELECT count(*)::int AS n FROM meal_item_plan');
    const { rows: [owned] } = await t.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM meal_item_plan i JOIN meal_instances m ON m.id = i.meal_instance_id WHERE m.program_id = $1`, [b.programId]);
    expect(other.n).toBe(owned.n);
  });

  it("the API's loaders cannot reach another user's rows even by id", async () => {
    const [a, b] = [await userWithProgram(), await userWithProgram()];
    const { rows } = await t.db.sql.query<{ id: string }>(
      'SELECT s.id FROM session_instances s WHERE s.program_id = $1 LIMIT 1', [b.programId]);
    // exercisesOfSession trusts the session ids it is given (they come from the caller's own
    // sessions); row-level security is the wall when one is not.
    const loaders = createProgramLoaders(t.db.sql.asUser(a.userId), a.userId);
    expect(await loaders.exercisesOfSession.load(rows[0].id)).toEqual([]);
    const own = createProgramLoaders(t.db.sql.asUser(b.userId), b.userId);
    expect((await own.exercisesOfSession.load(rows[0].id)).length).toBeGreaterThan(0);
  });

  it("the event store's reads are scoped to the caller", async () => {
    const [a, b] = [await userWithProgram(), await userWithProgram()];
    const stream = `programs-${b.userId}`;
    expect(await t.services.store.readStream(stream, { userId: b.userId })).not.toHaveLength(0);
    expect(await t.services.store.readStream(stream, { userId: a.userId })).toEqual([]);
  });

  it('the log is append-only for the API role: no UPDATE, no DELETE, no event for another user', async () => {
    const a = await userWithProgram();
    const asA = { role: 'api', userId: a.userId } as const;
    await expect(t.db.sql.transaction((tx) => tx.query(`UPDATE plan_change_events SET metadata = '{}'`), asA))
      .rejects.toMatchObject({ code: '42501' });
    await expect(t.db.sql.transaction((tx) => tx.query('DELETE FROM plan_change_events'), asA))
      .rejects.toMatchObject({ code: '42501' });
    const insertFor = (userId: string) => t.db.sql.transaction((tx) => tx.query(
      `INSERT INTO plan_change_events (stream_id, stream_version, event_type, data, user_id) VALUES ($1, 1, 'Probed', '{}', $2)`,
      [`probe-${randomUUID()}`, userId]), asA);
    await expect(insertFor(randomUUID())).rejects.toMatchObject({ code: '42501' }); // WITH CHECK: not the caller
    await insertFor(a.userId);
    // Nor may it write a read model directly: projections own them.
    const error = await t.db.sql.transaction((tx) => tx.query(`UPDATE programs SET status = 'completed'`), asA).catch((e: unknown) => e);
    expect(pgCode(error)).toBe('42501');
    const { rows } = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM plan_change_events WHERE metadata = '{}'::jsonb AND event_type <> 'Probed'`);
    expect(rows[0].n).toBe(0);
  });

  it('appends run as the API role and their inline projections as the projector role', async () => {
    const roles: string[] = [];
    const store = new EventStore(t.db.sql, async (_events, tx) => {
      roles.push((await tx.query<{ role: string }>('SELECT current_user AS role')).rows[0].role);
    });
    const userId = randomUUID();
    const seen: string[] = [];
    const probe = new EventStore(t.db.sql, async (_events, tx) => {
      // The append itself ran as the API role with the caller's id.
      seen.push((await tx.query<{ id: string }>(`SELECT current_setting('app.user_id') AS id`)).rows[0].id);
    });
    await store.append(`probe-${randomUUID()}`, 0, [{ type: 'Probed', data: {} }], { userId });
    await probe.append(`probe-${randomUUID()}`, 0, [{ type: 'Probed', data: {} }], { userId });
    expect(roles).toEqual([PROJECTOR_ROLE]);
    expect(seen).toEqual([userId]);
    const { rows } = await t.db.sql.asUser(userId).query<{ role: string }>('SELECT current_user AS role');
    expect(rows[0].role).toBe(API_ROLE);
  });

  it('a rebuild runs as the projector role', async () => {
    await userWithProgram();
    const roles = new Set<string>();
    const registry = new ProjectionRegistry([
      ...t.services.registry.projections,
      { name: 'probe', tables: [], handles: ['ProgramGenerated'], apply: async (_event, tx) => {
        roles.add((await tx.query<{ role: string }>('SELECT current_user AS role')).rows[0].role);
      } },
    ]);
    await rebuildProjections(t.db.sql, registry);
    expect([...roles]).toEqual([PROJECTOR_ROLE]);
  });

  it("Prisma reads through scopedPrisma see only the caller's rows", async () => {
    const [a] = [await userWithProgram(), await userWithProgram()];
    const rows = await scopedPrisma(t.db.prisma, a.userId, (prisma) => prisma.consultationSession.findMany());
    expect(rows.map((row) => row.userId)).toEqual([a.userId]);
  });

  it('refuses a user id that is not a UUID rather than inlining it', () => {
    expect(() => t.db.sql.asUser("x'; RESET ROLE; --")).toThrow(/UUID/);
  });
});
