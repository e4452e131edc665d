import { randomUUID } from 'node:crypto';
import { addDays } from '../../src/core/dates';
import { resetData } from '../../src/core/testing/testDatabase';
import { rebuildMatchesIncremental } from '../../src/core/testing/rebuildCheck';
import { runSkipSweep } from '../../src/adherence/sweep';
import { loadDayAnalysisInputs } from '../../src/adjustments/analysis.inputs';
import { proposeAdjustment } from '../../src/adjustments/rules';
import { countStatements, startTestServer, TestServer } from '../support/testServer';
import { EMPTY_PLAN_DIFF, programStream } from '../../src/programs/planChange.contracts';

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
  sex: 'FEMALE', birthDate: '1992-05-10', heightCm: 168, weightKg: 64, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['BARBELL', 'DUMBBELL', 'BENCH', 'CABLE', 'MACHINE', 'PULLUP_BAR'], injuries: [], activityLevel: 'MODERATE',
  dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'Europe/London', startDate: '2026-03-02', programWeeks: 8,
  lifts: [{ exerciseId: 'barbell_back_squat', weightKg: 80, reps: 5 }],
};

async function newUser() {
  const userId = randomUUID();
  return { userId, token: await t.token(userId) };
}

const userWithProgram = () => t.userWithProgram(ANSWERS);

const FIELDS = 'date sleepHours sleepQuality stress soreness energy hrvMs restingHr bodyWeightKg notes version readiness { score band confidence baselineDays components { signal value baseline z weight } }';
const LOG = `mutation($i: LogDailyContextInput!, $v: Int, $k: String) { logDailyContext(input: $i, expectedVersion: $v, idempotencyKey: $k) { ${FIELDS} } }`;
const GOOD = { sleepHours: 7.5, sleepQuality: 4, stress: 2, soreness: 2, energy: 4 };

async function log(token: string, input: Record<string, unknown>, extra: { v?: number; k?: string } = {}) {
  return t.gql(LOG, { i: input, ...extra }, token);
}

async function eventCount(): Promise<number> {
  const { rows } = await t.db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM plan_change_events WHERE stream_id LIKE 'daily-context-%'");
  return rows[0].n;
}

describe('daily context over HTTP', () => {
  it('logs a day, amends it as an event, and appends nothing for an amendment that changes nothing', async () => {
    const { token } = await newUser();
    const first = await log(token, { date: '2026-03-02', ...GOOD, hrvMs: 62.34, bodyWeightKg: 64.25, notes: 'fine' });
    expect(first.errors).toBeUndefined();
    expect(first.data!.logDailyContext).toMatchObject({ date: '2026-03-02', version: 1, hrvMs: 62.3, bodyWeightKg: 64.3, notes: 'fine', readiness: { baselineDays: 0 } });
    // Amend: core signals replaced, optional fields left out kept, null clears.
    const amended = await log(token, { date: '2026-03-02', ...GOOD, soreness: 4, notes: null });
    expect(amended.data!.logDailyContext).toMatchObject({ soreness: 4, hrvMs: 62.3, bodyWeightKg: 64.3, notes: null, version: 2 });
    const same = await log(token, { date: '2026-03-02', ...GOOD, soreness: 4 });
    expect(same.data!.logDailyContext.version).toBe(2);
    expect(await eventCount()).toBe(2);
    const { rows } = await t.db.sql.query<{ event_type: string }>("SELECT event_type FROM plan_change_events WHERE stream_id LIKE 'daily-context-%' ORDER BY global_position");
    expect(rows.map((r) => r.event_type)).toEqual(['DailyContextLogged', 'DailyContextAmended']);
    const read = await t.gql(`query { dailyContext(date: "2026-03-02") { ${FIELDS} } }`, {}, token);
    expect(read.data!.dailyContext).toEqual(amended.data!.logDailyContext);
    const none = await t.gql(`query { dailyContext(date: "2026-03-01") { date } }`, {}, token);
    expect(none.errors).toBeUndefined();
    expect(none.data!.dailyContext).toBeNull();
  });

  it('answers CONFLICT on a stale expectedVersion and replays an idempotent retry', async () => {
    const { token } = await newUser();
    expect((await log(token, { date: '2026-03-02', ...GOOD }, { v: 0, k: 'ctx-1' })).errors).toBeUndefined();
    const retry = await log(token, { date: '2026-03-02', ...GOOD }, { v: 0, k: 'ctx-1' });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.logDailyContext.version).toBe(1);
    const stale = await log(token, { date: '2026-03-02', ...GOOD, stress: 4 }, { v: 0 });
    expect(stale.errors![0].extensions!.code).toBe('CONFLICT');
    expect(await eventCount()).toBe(1);
  });

  it.each([
    ['input.date', { date: '2026-03-03' }],
    ['input.date', { date: '2026-02-01' }],
    ['input.sleepHours', { sleepHours: 24.5 }],
    ['input.sleepHours', { sleepHours: -1 }],
    ['input.stress', { stress: 6 }],
    ['input.soreness', { soreness: 0 }],
    ['input.hrvMs', { hrvMs: 0 }],
    ['input.hrvMs', { hrvMs: 400 }],
    ['input.restingHr', { restingHr: 19 }],
    ['input.bodyWeightKg', { bodyWeightKg: 301 }],
    ['input.notes', { notes: 'x'.repeat(1001) }],
    ['input.notes', { notes: 'a\u0000b' }],
  ])('refuses a bad %s with BAD_USER_INPUT naming it, and writes nothing', async (field, bad) => {
    const { token } = await newUser();
    const response = await log(token, { date: '2026-03-02', ...GOOD, ...bad });
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await eventCount()).toBe(0);
  });

  it('accepts the edges: today in the person\'s time zone, 28 days back, 0 and 24 hours of sleep', async () => {
    const { token } = await newUser();
    t.clock.set('2026-03-02T23:30:00.000Z'); // UTC: still 2 March
    for (const input of [{ date: '2026-03-02', ...GOOD, sleepHours: 0 }, { date: '2026-02-02', ...GOOD, sleepHours: 24 }]) {
      expect((await log(token, input)).errors).toBeUndefined();
    }
  });

  it('lists a range with readiness, the personal baseline from day 8, and refuses a bad range', async () => {
    const { token } = await newUser();
    t.clock.set('2026-03-10T09:00:00.000Z');
    for (let i = 0; i < 8; i++) {
      const date = addDays('2026-03-02', i);
      const input = i === 7 ? { date, ...GOOD, sleepHours: 4, soreness: 5 } : { date, ...GOOD, sleepHours: 7 + (i % 3) * 0.5 };
      expect((await log(token, input)).errors).toBeUndefined();
    }
    const { result: list, count } = await countStatements(t.db, () =>
      t.gql(`query { dailyContextLog(from: "2026-03-02", to: "2026-03-09") { date readiness { band baselineDays confidence } } }`, {}, token));
    expect(list.errors).toBeUndefined();
    const days = list.data!.dailyContextLog;
    expect(days.map((d: any) => d.readiness.baselineDays)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(days[7].readiness.band).toBe('LOW');
    expect(days[7].readiness.confidence).toBeGreaterThan(days[6].readiness.confidence);
    expect(count).toBeLessThanOrEqual(2); // one query for the whole range (plus auth)
    const tooLong = await t.gql(`query { dailyContextLog(from: "2025-01-01", to: "2026-03-09") { date } }`, {}, token);
    expect(tooLong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it("shows no one else's context", async () => {
    const a = await newUser();
    const b = await newUser();
    await log(a.token, { date: '2026-03-02', ...GOOD });
    const seen = await t.gql(`query { dailyContext(date: "2026-03-02") { date } dailyContextLog(from: "2026-03-01", to: "2026-03-02") { date } }`, {}, b.token);
    expect(seen.data).toEqual({ dailyContext: null, dailyContextLog: [] });
  });

  it('rebuilds user_context_log as the commands left it', async () => {
    const { token } = await newUser();
    const { incremental, rebuilt } = await rebuildMatchesIncremental(t.db, t.services.registry, async () => {
      await log(token, { date: '2026-03-01', ...GOOD, restingHr: 55 });
      await log(token, { date: '2026-03-02', ...GOOD });
      await log(token, { date: '2026-03-02', ...GOOD, stress: 4, notes: 'deadline' });
    });
    expect(incremental.user_context_log).toHaveLength(2);
    expect(rebuilt).toEqual(incremental);
  });
});

describe('loadDayAnalysisInputs', () => {
  it('loads the program, the planned session, targets, context with readiness, the ratio and skipped sessions in one statement', async () => {
    const { userId, token, programId } = await userWithProgram();
    // Monday 2 March and Wednesday 4 March are planned; skip both, then look at Friday 6 March.
    t.clock.set('2026-03-06T09:00:00.000Z');
    await runSkipSweep(t.services, t.clock.now());
    await log(token, { date: '2026-03-06', ...GOOD, sleepHours: 4, soreness: 5 });
    const { result: inputs, count } = await countStatements(t.db, () => loadDayAnalysisInputs(t.services, userId, '2026-03-06'));
    expect(count).toBe(1);
    expect(inputs.programId).toBe(programId);
    expect(inputs.plannedSession).not.toBeNull();
    expect(inputs.plannedSession!.exercises.length).toBeGreaterThan(0);
    expect(inputs.plannedSession!.exercises.map((e) => e.position)).toEqual(inputs.plannedSession!.exercises.map((_, i) => i + 1));
    expect(inputs.dayTargets!.kcal).toBeGreaterThan(1000);
    expect(inputs.maintenanceKcal!).toBeGreaterThan(inputs.dayTargets!.kcal); // a fat-loss plan: a deficit
    expect(inputs.context).toMatchObject({ date: '2026-03-06', sleepHours: 4, soreness: 5 });
    expect(inputs.readiness!.band).toMatch(/low/);
    expect(inputs.skippedSessionsLast7Days).toBe(2);
    expect(inputs.acuteChronicRatio).toBeNull(); // no activity history yet

    const proposal = proposeAdjustment(inputs)!;
    expect(proposal.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['READINESS_LOW', 'EASE_BACK_AFTER_MISSED', 'POOR_SLEEP_ON_DEFICIT']));

    // A day without a session, context or program.
    const rest = await loadDayAnalysisInputs(t.services, userId, '2026-03-07');
    expect(rest).toMatchObject({ programId, plannedSession: null, context: null, readiness: null });
    const before = await loadDayAnalysisInputs(t.services, userId, '2026-02-20');
    expect(before).toMatchObject({ programId: null, plannedSession: null, dayTargets: null, maintenanceKcal: null });
  });

  it('reads the acute:chronic ratio up to the day before, once 21 days of activity exist', async () => {
    const { userId, token } = await newUser();
    t.clock.set('2026-03-30T09:00:00.000Z');
    const logActivity = (date: string, minutes: number) => t.gql(`mutation($i: LogActivityInput!) { logActivity(input: $i) { id } }`, {
      i: { performedAt: `${date}T08:00:00Z`, kind: 'CARDIO', durationMinutes: minutes, rpe: 5, plannedSessionId: null },
    }, token);
    // Three weeks of 30 minutes every other day, then a week of 90 minutes a day.
    for (let i = 0; i < 21; i += 2) expect((await logActivity(addDays('2026-03-01', i), 30)).errors).toBeUndefined();
    for (let i = 22; i < 29; i++) expect((await logActivity(addDays('2026-03-01', i), 90)).errors).toBeUndefined();
    const inputs = await loadDayAnalysisInputs(t.services, userId, '2026-03-30');
    expect(inputs.acuteChronicRatio!).toBeGreaterThan(1.5);
    // A load on the day itself does not count.
    expect((await logActivity('2026-03-30', 300)).errors).toBeUndefined();
    expect((await loadDayAnalysisInputs(t.services, userId, '2026-03-30')).acuteChronicRatio).toBe(inputs.acuteChronicRatio);
    // Fewer than 21 days of history: no ratio.
    expect((await loadDayAnalysisInputs(t.services, userId, '2026-03-15')).acuteChronicRatio).toBeNull();
  });

  it("reads the targets in force that day: a reassessment's from its first day on", async () => {
    const { userId, programId } = await userWithProgram();
    const generated = await loadDayAnalysisInputs(t.services, userId, '2026-03-16');
    const [program] = (await t.db.sql.query<{ targets: Record<string, unknown> }>('SELECT targets FROM programs WHERE id = $1', [programId])).rows;
    const lower: Record<string, unknown> = { ...program.targets, targetKcal: generated.dayTargets!.kcal - 200, tdeeKcal: 2600 };
    delete lower.split;
    delete lower.timeZone;
    // A reassessment's outcome as src/reassessment appends it: new targets from the 16th on.
    await t.services.store.append(programStream(programId), 0, [{
      type: 'ReassessmentApplied',
      data: {
        programId, userId, reassessmentId: randomUUID(), window: { from: '2026-03-01', to: '2026-03-14' }, effectiveFrom: '2026-03-16',
        nextReassessmentDate: '2026-03-29', reassessment: {}, diff: { ...EMPTY_PLAN_DIFF, targets: { from: '2026-03-16', targets: lower } },
        explanation: { actor: 'reassessment', summary: 'Test.', reasons: [] }, at: '2026-03-15T09:00:00.000Z',
      },
    }], { userId, programId });
    const before = await loadDayAnalysisInputs(t.services, userId, '2026-03-15');
    const after = await loadDayAnalysisInputs(t.services, userId, '2026-03-16');
    expect(before.dayTargets!.kcal).toBe(generated.dayTargets!.kcal);
    expect(after.dayTargets!.kcal).toBe(generated.dayTargets!.kcal - 200);
    expect(after.maintenanceKcal).toBe(2600);
  });
});
