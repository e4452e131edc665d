import { addDays } from '../../src/core/dates';
import { resetData } from '../../src/core/testing/testDatabase';
import { startTestServer, TestServer } from '../support/testServer';

/**
 * The scenarios over HTTP, end to end: daily context -> readiness -> the rules -> a day
 * override under the person's policy -> the calendar. Nothing hand-made: the real rules decide.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());
beforeEach(async () => {
  await resetData(t.db);
  t.clock.set('2026-03-02T07:00:00.000Z');
});

const ANSWERS = {
  sex: 'FEMALE', birthDate: '1992-05-10', heightCm: 168, weightKg: 64, goal: 'MUSCLE_GAIN', targetRatePctPerWeek: 0.25,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['BARBELL', 'DUMBBELL', 'BENCH', 'CABLE', 'MACHINE', 'PULLUP_BAR'], injuries: [], activityLevel: 'MODERATE',
  dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'Europe/London', startDate: '2026-03-02', programWeeks: 8,
  lifts: [{ exerciseId: 'barbell_back_squat', weightKg: 80, reps: 5 }],
};

async function userWithProgram() {
  return (await t.userWithProgram(ANSWERS)).token;
}

const OVERRIDE = 'id date status overrideType confidence version reasons { code message } trainingOverride { kind sessionId exercises { plannedExerciseId sets targetRir } }';
const DAY = `query($d: LocalDate!) { calendar(from: $d, to: $d) { date
  sessions { id exercises { id sets targetRir } }
  override { ${OVERRIDE} }
  effective { appliedOverrideId sessions { sessionId change exercises { plannedExerciseId sets targetRir } } } } }`;
const LOG = `mutation($i: LogDailyContextInput!) { logDailyContext(input: $i) { date version } }`;
const ANALYZE = `mutation($d: LocalDate!) { analyzeDay(date: $d) { ${OVERRIDE} } }`;
const LIST = `query($f: LocalDate!, $t: LocalDate!) { dayOverrides(from: $f, to: $t) { id date status } }`;

const GOOD = { sleepHours: 7.5, sleepQuality: 4, stress: 2, soreness: 2, energy: 4 };
const ROUGH_NIGHT = { sleepHours: 4, sleepQuality: 4, stress: 2, soreness: 5, energy: 4 };
/** The Monday after a week of context: a planned session day. */
const MONDAY = '2026-03-09';

/** Logs context each morning from the 2nd to the 8th, the clock following the days (London mornings). */
async function goodWeek(token: string) {
  for (let i = 0; i < 7; i++) {
    const date = addDays('2026-03-02', i);
    t.clock.set(`${date}T07:00:00.000Z`);
    const logged = await t.gql(LOG, { i: { date, ...GOOD } }, token);
    expect(logged.errors).toBeUndefined();
  }
  t.clock.set(`${MONDAY}T07:00:00.000Z`);
}

async function day(token: string, date = MONDAY) {
  const answer = await t.gql(DAY, { d: date }, token);
  expect(answer.errors).toBeUndefined();
  return answer.data!.calendar[0];
}

async function roughNight(token: string) {
  expect((await t.gql(LOG, { i: { date: MONDAY, ...ROUGH_NIGHT } }, token)).errors).toBeUndefined();
  return day(token);
}

describe('daily adjustment scenarios over HTTP', () => {
  it('a week of good context gives no proposal', async () => {
    const token = await userWithProgram();
    await goodWeek(token);
    expect((await t.gql(LIST, { f: '2026-03-02', t: '2026-03-08' }, token)).data!.dayOverrides).toEqual([]);
    expect((await t.gql(LOG, { i: { date: MONDAY, ...GOOD } }, token)).errors).toBeUndefined();
    const analyzed = await t.gql(ANALYZE, { d: MONDAY }, token);
    expect(analyzed.errors).toBeUndefined();
    expect(analyzed.data!.analyzeDay).toBeNull();
    expect((await day(token)).override).toBeNull();
  });

  it('a night of 4 h sleep with high soreness gives a lighter training day with reasons; under ASK it waits', async () => {
    const token = await userWithProgram();
    await goodWeek(token);
    const monday = await roughNight(token);
    const session = monday.sessions[0];
    expect(monday.override).toMatchObject({ date: MONDAY, status: 'PENDING', overrideType: expect.stringMatching(/TRAINING|BOTH/) });
    expect(monday.override.trainingOverride).toMatchObject({ kind: expect.stringMatching(/LIGHTER|RECOVERY/), sessionId: session.id });
    const totalSets = (exercises: Array<{ sets: number }>) => exercises.reduce((n, e) => n + e.sets, 0);
    expect(totalSets(monday.override.trainingOverride.exercises)).toBeLessThan(totalSets(session.exercises));
    expect(monday.override.reasons.length).toBeGreaterThan(0);
    for (const reason of monday.override.reasons) {
      expect(reason.code).toMatch(/^[A-Z_]+$/);
      expect(reason.message.length).toBeGreaterThan(10);
    }
    // Waiting: the day stands as planned.
    expect(monday.effective.appliedOverrideId).toBeNull();
    expect(monday.effective.sessions[0].exercises.map((e: any) => e.sets)).toEqual(session.exercises.map((e: any) => e.sets));
    // analyzeDay agrees with the pending proposal and appends nothing.
    const before = await t.eventCount();
    expect((await t.gql(ANALYZE, { d: MONDAY }, token)).data!.analyzeDay.id).toBe(monday.override.id);
    expect(await t.eventCount()).toBe(before);
  });

  it('under AUTO with high confidence it is auto_applied and the calendar shows it', async () => {
    const token = await userWithProgram();
    expect((await t.gql('mutation { setAdjustmentPolicy(mode: AUTO, autoApplyThreshold: 0.5) { mode } }', {}, token)).errors).toBeUndefined();
    await goodWeek(token);
    const monday = await roughNight(token);
    expect(monday.override.confidence).toBeGreaterThanOrEqual(0.5);
    expect(monday.override.status).toBe('AUTO_APPLIED');
    expect(monday.effective.appliedOverrideId).toBe(monday.override.id);
    expect(monday.effective.sessions[0].change).toBe(monday.override.trainingOverride.kind);
    expect(monday.effective.sessions[0].exercises).toEqual(monday.override.trainingOverride.exercises);
  });

  it('approve then undo restores the plan', async () => {
    const token = await userWithProgram();
    await goodWeek(token);
    const planned = (await day(token)).effective;
    const { override } = await roughNight(token);
    const approved = await t.gql(`mutation($id: ID!, $v: Int) { approveDayOverride(id: $id, expectedVersion: $v) { status version } }`, { id: override.id, v: override.version }, token);
    expect(approved.data!.approveDayOverride.status).toBe('APPROVED');
    expect((await day(token)).effective.sessions[0].change).toBe(override.trainingOverride.kind);
    const undone = await t.gql(`mutation($id: ID!, $v: Int) { undoDayOverride(id: $id, expectedVersion: $v) { status userOverridden } }`,
      { id: override.id, v: approved.data!.approveDayOverride.version }, token);
    expect(undone.data!.undoDayOverride).toEqual({ status: 'UNDONE', userOverridden: true });
    expect((await day(token)).effective).toEqual(planned);
  });

  it('rejecting then logging the same context again proposes nothing', async () => {
    const token = await userWithProgram();
    await goodWeek(token);
    const { override } = await roughNight(token);
    const rejected = await t.gql(`mutation($id: ID!) { rejectDayOverride(id: $id, reason: "I slept in this afternoon") { status } }`, { id: override.id }, token);
    expect(rejected.data!.rejectDayOverride.status).toBe('REJECTED');
    const before = await t.eventCount();
    expect((await t.gql(LOG, { i: { date: MONDAY, ...ROUGH_NIGHT } }, token)).errors).toBeUndefined();
    expect((await t.gql(ANALYZE, { d: MONDAY }, token)).data!.analyzeDay).toBeNull();
    expect(await t.eventCount()).toBe(before);
    expect((await t.gql(LIST, { f: MONDAY, t: MONDAY }, token)).data!.dayOverrides).toEqual([{ id: override.id, date: MONDAY, status: 'REJECTED' }]);
    // Other context (worse still) is other inputs: a new proposal.
    expect((await t.gql(LOG, { i: { date: MONDAY, ...ROUGH_NIGHT, sleepHours: 3 } }, token)).errors).toBeUndefined();
    expect((await day(token)).override).toMatchObject({ status: 'PENDING' });
  });
});
