import { randomUUID } from 'node:crypto';
import { addDays } from '../../src/core/dates';
import { resetData } from '../../src/core/testing/testDatabase';
import { rebuildMatchesIncremental } from '../../src/core/testing/rebuildCheck';
import { runReassessmentSweep } from '../../src/reassessment/sweep';
import { runReassessment } from '../../src/reassessment/reassessment.service';
import { loadReassessmentInputs, loadReassessmentInputsBatch } from '../../src/reassessment/evidence.loader';
import { startTestServer, TestServer } from '../support/testServer';

/**
 * The reassessment over the real API and database: runReassessment after two weeks of logs,
 * its refusals (nothing written), the due sweep (once per program, also with two at once) and
 * rebuild == incremental across it.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());

const START = '2026-03-02';
const ANSWERS = {
  sex: 'MALE', birthDate: '1990-01-01', heightCm: 180, weightKg: 80, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5, experience: 'BEGINNER',
  trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45, equipment: ['DUMBBELL', 'BENCH'],
  injuries: [], activityLevel: 'LIGHT', dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, startDate: START, programWeeks: 4, timeZone: 'UTC',
};

const RUN = `mutation($id: UUID!, $v: Int) { runReassessment(programId: $id, expectedVersion: $v) {
  programId version applied effectiveFrom nextReassessmentDate windowFrom windowTo summary reasons { code message }
  nutrition { decision previousTargetKcal targetKcal changeKcal observedRatePctPerWeek targetRatePctPerWeek intakeDaysLogged clamped floorApplied tdeeEstimateKcal }
  training { decision fatigueSignals completion sessionsChanged loadsChanged } } }`;

async function user() {
  // Consultations start programs from today on: create it the day before START, then back to the test's time.
  const then = t.clock.now().toISOString();
  t.clock.set(`${addDays(START, -1)}T09:00:00.000Z`);
  const { targetKcal: kcal, ...made } = await t.userWithProgram(ANSWERS);
  t.clock.set(then);
  return { ...made, kcal };
}

/** Two weeks of weigh-ins (losing `kgPerDay`) and one logged meal of `kcal` a day, each logged on its day. */
async function logTwoWeeks(token: string, kgPerDay: number, kcal: number) {
  for (let day = 0; day < 14; day++) {
    const date = addDays(START, day);
    t.clock.set(`${date}T20:00:00.000Z`);
    const context = await t.gql(`mutation($i: LogDailyContextInput!) { logDailyContext(input: $i) { date } }`, {
      i: { date, bodyWeightKg: Math.round((80 + kgPerDay * day) * 10) / 10, sleepHours: 7.5, sleepQuality: 4, stress: 2, soreness: 2, energy: 4 },
    }, token);
    expect(context.errors).toBeUndefined();
    const protein = Math.round((kcal * 0.3) / 4);
    const fat = Math.round((kcal * 0.3) / 9);
    const carbs = Math.round((kcal * 0.4) / 4);
    const meal = await t.gql(`mutation($i: LogMealInput!) { logMeal(input: $i) { id } }`, {
      i: { eatenAt: `${date}T19:00:00.000Z`, plannedMealId: null, items: [{ name: 'day', kcal, proteinG: protein, carbsG: carbs, fatG: fat }] },
    }, token);
    expect(meal.errors).toBeUndefined();
  }
}

const q = async <T>(sql: string, params: unknown[] = []) => (await t.db.sql.query<T>(sql, params)).rows;
const dayKcal = async (programId: string, date: string) => (await q<{ kcal: number }>(
  `SELECT coalesce(sum(i.kcal), 0)::float8 AS kcal FROM meal_instances m JOIN meal_item_plan i ON i.meal_instance_id = m.id WHERE m.program_id = $1 AND m.date = $2`,
  [programId, date]))[0].kcal;
const reassessed = async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM plan_change_events WHERE event_type = 'ReassessmentApplied'`))[0].n;

describe('reassessment', () => {
  beforeEach(async () => {
    await resetData(t.db);
  });

  it('raises the target of someone losing too fast, rescales future meals only, moves the due date, and refuses a second run that day', async () => {
    const me = await user();
    await logTwoWeeks(me.token, -0.15, me.kcal - 100); // about 1.3 % a week against a target of 0.5 %
    const today = addDays(START, 14);
    t.clock.set(`${today}T09:00:00.000Z`);
    const todayKcal = await dayKcal(me.programId, today);
    const res = await t.gql(RUN, { id: me.programId }, me.token);
    expect(res.errors).toBeUndefined();
    const r = res.data!.runReassessment;
    expect(r).toMatchObject({ applied: true, version: 1, effectiveFrom: addDays(today, 1), nextReassessmentDate: addDays(today, 14), windowFrom: START, windowTo: addDays(today, -1) });
    expect(r.nutrition.decision).toBe('adjusted');
    expect(r.nutrition.intakeDaysLogged).toBe(14);
    expect(r.nutrition.targetRatePctPerWeek).toBeCloseTo(-0.5, 2);
    expect(r.nutrition.observedRatePctPerWeek).toBeLessThan(-1);
    expect(r.nutrition.changeKcal).toBeGreaterThan(0);
    expect(r.nutrition.changeKcal).toBeLessThanOrEqual(Math.min(250, 0.1 * r.nutrition.previousTargetKcal));
    expect(r.reasons.map((x: { code: string }) => x.code)).toContain('rate_below_target');

    // The read models: the program's due date and targets, tomorrow's meals at the new target, today's untouched.
    const [program] = await q<{ next: string; version: number; kcal: number }>(
      `SELECT next_reassessment_date::text AS next, version, (targets->>'targetKcal')::int AS kcal FROM programs WHERE id = $1`, [me.programId]);
    expect(program).toEqual({ next: addDays(today, 14), version: 1, kcal: r.nutrition.targetKcal });
    expect(Math.abs((await dayKcal(me.programId, addDays(today, 1))) - r.nutrition.targetKcal)).toBeLessThan(5);
    expect(Math.abs((await dayKcal(me.programId, addDays(today, 10))) - r.nutrition.targetKcal)).toBeLessThan(5);
    expect(await dayKcal(me.programId, today)).toBe(todayKcal);
    const calendar = await t.gql(`query($d: LocalDate!) { calendar(from: $d, to: $d) { targets { kcal } } }`, { d: addDays(today, 1) }, me.token);
    expect(calendar.data!.calendar[0].targets.kcal).toBe(r.nutrition.targetKcal);

    // The same local day again: CONFLICT, nothing written.
    const before = await t.eventCount();
    const again = await t.gql(RUN, { id: me.programId }, me.token);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await t.eventCount()).toBe(before);
  });

  it('changes nothing on thin data and says why', async () => {
    const me = await user();
    t.clock.set(`${addDays(START, 14)}T09:00:00.000Z`);
    const res = await t.gql(RUN, { id: me.programId }, me.token);
    expect(res.errors).toBeUndefined();
    const r = res.data!.runReassessment;
    expect(r.nutrition).toMatchObject({ decision: 'no_estimate', changeKcal: 0, intakeDaysLogged: 0 });
    expect(r.reasons.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['thin_intake_logs', 'thin_weigh_ins']));
    const [program] = await q<{ kcal: number }>(`SELECT (targets->>'targetKcal')::int AS kcal FROM programs WHERE id = $1`, [me.programId]);
    expect(program.kcal).toBe(me.kcal);
  });

  it("refuses someone else's program, a program not started or not active, and a stale version, writing nothing", async () => {
    const me = await user();
    const other = await user();
    t.clock.set(`${addDays(START, 14)}T09:00:00.000Z`);
    const before = await t.eventCount();
    const theirs = await t.gql(RUN, { id: other.programId }, me.token);
    expect(theirs.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'programId' });
    const unknown = await t.gql(RUN, { id: randomUUID() }, me.token);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const stale = await t.gql(RUN, { id: me.programId, v: 3 }, me.token);
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    t.clock.set(`${addDays(START, -1)}T09:00:00.000Z`);
    const early = await t.gql(RUN, { id: me.programId }, me.token);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'programId', reason: 'NOT_STARTED' });
    // A regenerated program supersedes this one: it is no longer active.
    t.clock.set(`${addDays(START, 3)}T09:00:00.000Z`);
    const regen = await t.gql(`mutation($d: LocalDate!) { generateProgram(input: { startDate: $d, weeks: 4 }) { id } }`, { d: addDays(START, 7) }, me.token);
    expect(regen.errors).toBeUndefined();
    const afterRegen = await t.eventCount();
    const superseded = await t.gql(RUN, { id: me.programId }, me.token);
    expect(superseded.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'programId', reason: 'NOT_ACTIVE' });
    expect(await t.eventCount()).toBe(afterRegen);
    expect(afterRegen).toBe(before + 1);
    expect(await reassessed()).toBe(0);
  });

  it('sweeps each due program once, also with two sweeps at once, and leaves programs not due alone', async () => {
    const users = [await user(), await user(), await user()]; // one at a time: user() moves the shared clock
    const now = new Date(`${addDays(START, 13)}T12:00:00.000Z`);
    t.clock.set(now.toISOString());
    expect(await runReassessmentSweep(t.services, now)).toMatchObject({ due: 0, applied: 0 });
    const due = new Date(`${addDays(START, 14)}T12:00:00.000Z`);
    t.clock.set(due.toISOString());
    const [a, b] = await Promise.all([runReassessmentSweep(t.services, due), runReassessmentSweep(t.services, due)]);
    expect(a.applied + b.applied).toBe(users.length);
    expect(a.failed + b.failed).toBe(0);
    expect(await reassessed()).toBe(users.length);
    // Again, and a stale due date from an earlier read: nothing.
    expect(await runReassessmentSweep(t.services, due)).toMatchObject({ due: 0, applied: 0 });
    const stale = await runReassessment(t.services, users[0].userId, users[0].programId, { trigger: 'sweep', dueDate: addDays(START, 14) });
    expect(stale.applied).toBe(false);
    expect(await reassessed()).toBe(users.length);
  });

  it('loads a batch of programs\' inputs in one statement exactly as one by one, in order, none for someone else\'s program', async () => {
    const me = await user();
    await logTwoWeeks(me.token, -0.15, me.kcal - 100);
    const other = await user();
    const today = addDays(START, 14);
    const single = await loadReassessmentInputs(t.db.sql, me.userId, me.programId, today);
    expect(single?.rows.weighIns).toHaveLength(14);
    expect(single?.futureMeals.length).toBeGreaterThan(0);
    const batch = await loadReassessmentInputsBatch(t.db.sql, [
      { userId: other.userId, programId: other.programId, today: addDays(START, 3) },
      { userId: me.userId, programId: me.programId, today },
      { userId: other.userId, programId: me.programId, today },
    ]);
    expect(batch).toHaveLength(3);
    expect(batch[1]).toEqual(single);
    expect(batch[0]).toEqual(await loadReassessmentInputs(t.db.sql, other.userId, other.programId, addDays(START, 3)));
    expect(batch[0]?.program.id).toBe(other.programId);
    expect(batch[2]).toBeNull();
    expect(await loadReassessmentInputsBatch(t.db.sql, [])).toEqual([]);
  });

  it('sweeps in batches smaller than the due programs, each once', async () => {
    const users = [await user(), await user(), await user()];
    const due = new Date(`${addDays(START, 14)}T12:00:00.000Z`);
    t.clock.set(due.toISOString());
    expect(await runReassessmentSweep(t.services, due, { batch: 2, parallel: 1 })).toMatchObject({ due: 3, applied: 3, failed: 0 });
    expect(await reassessed()).toBe(users.length);
  });

  it('rebuilds the read models to what the reassessments wrote', async () => {
    const { incremental, rebuilt } = await rebuildMatchesIncremental(t.db, t.services.registry, async () => {
      const me = await user();
      await logTwoWeeks(me.token, -0.15, me.kcal - 100);
      t.clock.set(`${addDays(START, 14)}T09:00:00.000Z`);
      expect((await t.gql(RUN, { id: me.programId }, me.token)).errors).toBeUndefined();
      await user();
      await runReassessmentSweep(t.services, t.clock.now());
    });
    expect(rebuilt).toEqual(incremental);
    expect(await reassessed()).toBe(2);
  });
});
