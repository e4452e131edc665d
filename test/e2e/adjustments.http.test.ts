import { randomUUID } from 'node:crypto';
import { resetData } from '../../src/core/testing/testDatabase';
import { rebuildMatchesIncremental } from '../../src/core/testing/rebuildCheck';
import { recordAnalysis } from '../../src/adjustments/analysis';
import { adjustmentSettings, localToday } from '../../src/adjustments/adjustments.queries';
import { AdjustmentProposal, DayAnalysisInputs } from '../../src/adjustments/contracts';
import { countStatements, startTestServer, TestServer } from '../support/testServer';

/**
 * The approval workflow over HTTP with hand-made proposals (the rules' own scenarios are in
 * adjustments.scenario.http.test.ts): policy, approve, reject, undo, the calendar's effective
 * day, illegal transitions, races and the rebuild.
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
  sex: 'FEMALE', birthDate: '1992-05-10', heightCm: 168, weightKg: 64, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['BARBELL', 'DUMBBELL', 'BENCH', 'CABLE', 'MACHINE', 'PULLUP_BAR'], injuries: [], activityLevel: 'MODERATE',
  dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'Europe/London', startDate: '2026-03-02', programWeeks: 8,
  lifts: [{ exerciseId: 'barbell_back_squat', weightKg: 80, reps: 5 }],
};

const userWithProgram = () => t.userWithProgram(ANSWERS);

const OVERRIDE = `id date status overrideType confidence userOverridden appliedAt rejectReason version trigger createdAt
  reasons { code message } nutritionOverride { kcal proteinG carbsG fatG }
  trainingOverride { kind sessionId estimatedMinutes exercises { plannedExerciseId sets targetRir repsMin repsMax loadKg exercise { id } } }`;
const DAY = `query($f: LocalDate!, $t: LocalDate!) { calendar(from: $f, to: $t) { date targets { kcal proteinG carbsG fatG fibreG }
  sessions { id estimatedMinutes exercises { id sets targetRir repsMin repsMax loadKg exercise { id } } }
  override { ${OVERRIDE} }
  effective { appliedOverrideId targets { kcal carbsG fibreG } sessions { sessionId change estimatedMinutes exercises { plannedExerciseId sets targetRir exercise { id } } } } } }`;
const APPROVE = `mutation($id: ID!, $v: Int) { approveDayOverride(id: $id, expectedVersion: $v) { ${OVERRIDE} } }`;
const REJECT = `mutation($id: ID!, $r: String, $v: Int) { rejectDayOverride(id: $id, reason: $r, expectedVersion: $v) { ${OVERRIDE} } }`;
const UNDO = `mutation($id: ID!, $v: Int) { undoDayOverride(id: $id, expectedVersion: $v) { ${OVERRIDE} } }`;
const POLICY = `mutation($m: AdjustmentMode!, $th: Float) { setAdjustmentPolicy(mode: $m, autoApplyThreshold: $th) { mode autoApplyThreshold isDefault version } }`;

async function calendarDay(token: string, date: string) {
  const day = await t.gql(DAY, { f: date, t: date }, token);
  expect(day.errors).toBeUndefined();
  return day.data!.calendar[0];
}

/** A lighter version of the day's planned session: one set fewer (at least one), one more rep in reserve. */
function lighter(session: any, inputsHash = 'h-lighter', confidence = 0.9): AdjustmentProposal {
  return {
    overrideType: 'training', nutritionOverride: null, confidence, rulesVersion: 1, inputsHash,
    reasons: [{ code: 'low_readiness', message: 'You slept badly and feel sore: today is lighter.' }],
    trainingOverride: {
      kind: 'lighter', sessionId: session.id, estimatedMinutes: Math.round(session.estimatedMinutes * 0.7),
      exercises: session.exercises.map((e: any) => ({
        plannedExerciseId: e.id, exerciseId: e.exercise.id, sets: Math.max(1, e.sets - 1), repsMin: e.repsMin, repsMax: e.repsMax,
        targetRir: e.targetRir + 1, loadKg: e.loadKg,
      })),
    },
  };
}

/** Records a hand-made proposal for the user's day as an analysis would, under the user's policy. */
async function propose(userId: string, programId: string, date: string, proposal: AdjustmentProposal | null) {
  const settings = await adjustmentSettings(t.db.sql, userId);
  const inputs = { userId, date, programId } as DayAnalysisInputs;
  return recordAnalysis(t.services, userId, date, inputs, proposal, {
    policy: settings.policy, today: localToday(t.clock.now(), settings.timeZone), trigger: 'on_demand',
  });
}

const MONDAY = '2026-03-02';

describe('day overrides over HTTP', () => {
  it('under ASK a proposal waits; approved, the calendar shows the lighter session; undone, the plan is back', async () => {
    const { userId, token, programId } = await userWithProgram();
    const planned = await calendarDay(token, MONDAY);
    const session = planned.sessions[0];
    expect(planned.effective).toEqual({
      appliedOverrideId: null, targets: { kcal: planned.targets.kcal, carbsG: planned.targets.carbsG, fibreG: planned.targets.fibreG },
      sessions: [{ sessionId: session.id, change: null, estimatedMinutes: session.estimatedMinutes, exercises: session.exercises.map((e: any) => ({
        plannedExerciseId: e.id, sets: e.sets, targetRir: e.targetRir, exercise: { id: e.exercise.id } })) }],
    });

    const outcome = await propose(userId, programId, MONDAY, lighter(session));
    const pending = await calendarDay(token, MONDAY);
    expect(pending.override).toMatchObject({ id: outcome.overrideId, status: 'PENDING', overrideType: 'TRAINING', confidence: 0.9, trigger: 'ON_DEMAND',
      reasons: [{ code: 'low_readiness' }], userOverridden: false, appliedAt: null });
    expect(pending.effective).toEqual(planned.effective); // waiting: the day is as planned

    const approved = await t.gql(APPROVE, { id: outcome.overrideId, v: pending.override.version }, token);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveDayOverride).toMatchObject({ status: 'APPROVED', appliedAt: '2026-03-02T09:00:00.000Z', version: pending.override.version + 1 });
    const changed = await calendarDay(token, MONDAY);
    expect(changed.effective.appliedOverrideId).toBe(outcome.overrideId);
    expect(changed.effective.sessions).toHaveLength(1);
    expect(changed.effective.sessions[0]).toMatchObject({ sessionId: session.id, change: 'LIGHTER', estimatedMinutes: Math.round(session.estimatedMinutes * 0.7) });
    changed.effective.sessions[0].exercises.forEach((e: any, i: number) => {
      expect(e).toEqual({ plannedExerciseId: session.exercises[i].id, sets: Math.max(1, session.exercises[i].sets - 1),
        targetRir: session.exercises[i].targetRir + 1, exercise: { id: session.exercises[i].exercise.id } });
    });
    expect(changed.sessions).toEqual(planned.sessions); // the plan itself is untouched

    const undone = await t.gql(UNDO, { id: outcome.overrideId }, token);
    expect(undone.data!.undoDayOverride).toMatchObject({ status: 'UNDONE', userOverridden: true });
    expect((await calendarDay(token, MONDAY)).effective).toEqual(planned.effective);
    // The same inputs are not proposed again for the day.
    expect(await propose(userId, programId, MONDAY, lighter(session))).toMatchObject({ overrideId: null, appended: 0 });
  });

  it('under AUTO a confident proposal is applied at once and the calendar shows it; below the threshold it asks', async () => {
    const { userId, token, programId } = await userWithProgram();
    const policy = await t.gql(POLICY, { m: 'AUTO', th: 0.85 }, token);
    expect(policy.data!.setAdjustmentPolicy).toEqual({ mode: 'AUTO', autoApplyThreshold: 0.85, isDefault: false, version: 1 });
    expect((await t.gql('{ adjustmentPolicy { mode autoApplyThreshold isDefault } }', {}, token)).data!.adjustmentPolicy)
      .toEqual({ mode: 'AUTO', autoApplyThreshold: 0.85, isDefault: false });
    const session = (await calendarDay(token, MONDAY)).sessions[0];
    const sure = await propose(userId, programId, MONDAY, lighter(session, 'h1', 0.9));
    const day = await calendarDay(token, MONDAY);
    expect(day.override).toMatchObject({ id: sure.overrideId, status: 'AUTO_APPLIED', appliedAt: '2026-03-02T09:00:00.000Z' });
    expect(day.effective.sessions[0].change).toBe('LIGHTER');

    const wednesday = (await calendarDay(token, '2026-03-04')).sessions[0];
    const unsure = await propose(userId, programId, '2026-03-04', lighter(wednesday, 'h2', 0.84));
    expect((await calendarDay(token, '2026-03-04')).override).toMatchObject({ id: unsure.overrideId, status: 'PENDING' });
  });

  it('applies a rest day and new targets: no session, the override\'s energy and macros', async () => {
    const { userId, token, programId } = await userWithProgram();
    const planned = await calendarDay(token, MONDAY);
    const rest: AdjustmentProposal = {
      overrideType: 'both', confidence: 0.7, rulesVersion: 1, inputsHash: 'h-rest',
      reasons: [{ code: 'very_low_readiness', message: 'Your body needs a rest day.' }, { code: 'hold_maintenance', message: 'Eat at maintenance today.' }],
      trainingOverride: { kind: 'rest', sessionId: planned.sessions[0].id, exercises: [], estimatedMinutes: 0 },
      nutritionOverride: { kcal: planned.targets.kcal + 300, proteinG: planned.targets.proteinG, carbsG: planned.targets.carbsG + 75, fatG: planned.targets.fatG },
    };
    const outcome = await propose(userId, programId, MONDAY, rest);
    expect((await t.gql(APPROVE, { id: outcome.overrideId }, token)).errors).toBeUndefined();
    const day = await calendarDay(token, MONDAY);
    expect(day.effective).toEqual({
      appliedOverrideId: outcome.overrideId, sessions: [],
      targets: { kcal: planned.targets.kcal + 300, carbsG: planned.targets.carbsG + 75, fibreG: planned.targets.fibreG },
    });
    expect(day.override.nutritionOverride).toEqual(rest.nutritionOverride);
    expect(day.override.reasons).toEqual(rest.reasons);
  });

  it('rejecting keeps the plan and the same proposal is not made again; other inputs supersede a pending one', async () => {
    const { userId, token, programId } = await userWithProgram();
    const session = (await calendarDay(token, MONDAY)).sessions[0];
    const first = await propose(userId, programId, MONDAY, lighter(session, 'h1'));
    const rejected = await t.gql(REJECT, { id: first.overrideId, r: 'I feel fine today' }, token);
    expect(rejected.data!.rejectDayOverride).toMatchObject({ status: 'REJECTED', rejectReason: 'I feel fine today', userOverridden: true });
    const before = await t.eventCount();
    expect(await propose(userId, programId, MONDAY, lighter(session, 'h1'))).toEqual({ proposal: expect.anything(), overrideId: null, appended: 0 });
    expect(await t.eventCount()).toBe(before);

    const second = await propose(userId, programId, MONDAY, lighter(session, 'h2'));
    expect(second.appended).toBe(1);
    const third = await propose(userId, programId, MONDAY, lighter(session, 'h3'));
    expect(third.appended).toBe(2); // superseded + proposed
    const list = await t.gql(`query { dayOverrides(from: "2026-03-02", to: "2026-03-02") { id status } }`, {}, token);
    expect(list.data!.dayOverrides).toEqual([
      { id: third.overrideId, status: 'PENDING' }, { id: second.overrideId, status: 'SUPERSEDED' }, { id: first.overrideId, status: 'REJECTED' },
    ]);
    // No change warranted any more: the pending one is withdrawn.
    expect(await propose(userId, programId, MONDAY, null)).toMatchObject({ overrideId: null, appended: 1 });
    expect((await calendarDay(token, MONDAY)).override).toMatchObject({ id: third.overrideId, status: 'SUPERSEDED' });
  });

  it('answers every illegal transition with CONFLICT and the current status, and writes nothing', async () => {
    const { userId, token, programId } = await userWithProgram();
    const session = (await calendarDay(token, MONDAY)).sessions[0];
    const { overrideId: id } = await propose(userId, programId, MONDAY, lighter(session));
    const expectConflict = async (query: string, status: string) => {
      const before = await t.eventCount();
      const answer = await t.gql(query, { id }, token);
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status, overrideId: id });
      expect(answer.errors?.[0].message).toContain(status.toLowerCase());
      expect(await t.eventCount()).toBe(before);
    };
    await expectConflict(UNDO, 'PENDING');
    expect((await t.gql(REJECT, { id }, token)).errors).toBeUndefined();
    await expectConflict(APPROVE, 'REJECTED');
    await expectConflict(REJECT, 'REJECTED');
    await expectConflict(UNDO, 'REJECTED');

    const { overrideId: wed } = await propose(userId, programId, '2026-03-04', lighter((await calendarDay(token, '2026-03-04')).sessions[0]));
    expect((await t.gql(APPROVE, { id: wed }, token)).errors).toBeUndefined();
    const again = await t.gql(APPROVE, { id: wed }, token);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'APPROVED' });
    // The day is over in the person's time zone (London): nothing more happens to it, not even a legal undo.
    t.clock.set('2026-03-05T00:30:00.000Z');
    const late = await t.gql(UNDO, { id: wed }, token);
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'APPROVED' });
    expect(late.errors?.[0].message).toMatch(/over/);
  });

  it('answers a stale expectedVersion with CONFLICT', async () => {
    const { userId, token, programId } = await userWithProgram();
    const session = (await calendarDay(token, MONDAY)).sessions[0];
    await propose(userId, programId, MONDAY, lighter(session, 'h1'));
    const { overrideId } = await propose(userId, programId, MONDAY, lighter(session, 'h2')); // version 3
    const stale = await t.gql(APPROVE, { id: overrideId, v: 1 }, token);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', expectedVersion: 1, currentVersion: 3 });
    expect((await t.gql(APPROVE, { id: overrideId, v: 3 }, token)).data!.approveDayOverride.status).toBe('APPROVED');
  });

  it("answers NOT_FOUND for someone else's override or an unknown id, and coded errors with the field for bad input, writing nothing", async () => {
    const { userId, token, programId } = await userWithProgram();
    const session = (await calendarDay(token, MONDAY)).sessions[0];
    const { overrideId: id } = await propose(userId, programId, MONDAY, lighter(session));
    const stranger = await t.token(randomUUID());
    await t.gql('{ adjustmentPolicy { mode } }', {}, stranger); // registers the stranger's profile (an event)
    const before = await t.eventCount();
    for (const query of [APPROVE, REJECT, UNDO]) {
      expect((await t.gql(query, { id }, stranger)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    }
    expect((await t.gql(APPROVE, { id: randomUUID() }, token)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await t.gql(APPROVE, { id: 'not-a-uuid' }, token)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await t.gql(`{ dayOverrides(from: "2026-03-02", to: "2026-03-02") { id } }`, {}, stranger)).data!.dayOverrides).toEqual([]);
    expect((await calendarDay(stranger, MONDAY)).override).toBeNull();

    expect((await t.gql(REJECT, { id, r: 'x'.repeat(501) }, token)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    for (const th of [1.5, -0.1]) {
      expect((await t.gql(POLICY, { m: 'AUTO', th }, token)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'autoApplyThreshold' });
    }
    const range = await t.gql(`{ dayOverrides(from: "2026-03-02", to: "2026-09-02") { id } }`, {}, token);
    expect(range.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await t.eventCount()).toBe(before);
    expect((await t.gql('{ adjustmentPolicy { mode autoApplyThreshold isDefault version } }', {}, token)).data!.adjustmentPolicy)
      .toEqual({ mode: 'ASK', autoApplyThreshold: 0.8, isDefault: true, version: 0 });
  });

  it('lets exactly one of an approve and a reject sent at the same moment win; the other gets CONFLICT; the log holds one decision', async () => {
    const { userId, token, programId } = await userWithProgram();
    const days = ['2026-03-02', '2026-03-04', '2026-03-06'];
    for (const date of days) {
      const session = (await calendarDay(token, date)).sessions[0];
      const { overrideId: id } = await propose(userId, programId, date, lighter(session, `h-${date}`));
      const [approve, reject] = await Promise.all([t.gql(APPROVE, { id }, token), t.gql(REJECT, { id, r: 'no' }, token)]);
      const answers = [approve, reject];
      const winners = answers.filter((a) => !a.errors);
      const losers = answers.filter((a) => a.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const status = winners[0] === approve ? 'APPROVED' : 'REJECTED';
      expect(losers[0].errors![0].extensions).toMatchObject({ code: 'CONFLICT', status });
      const { rows } = await t.db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM plan_change_events WHERE event_type IN ('DayOverrideApproved', 'DayOverrideRejected') AND data->>'overrideId' = $1`, [id]);
      expect(rows[0].n).toBe(1);
    }
  });

  it('reads the override and the effective day of a 7-day and an 84-day calendar with the same number of SQL statements', async () => {
    const { userId, token, programId } = await userWithProgram();
    const session = (await calendarDay(token, MONDAY)).sessions[0];
    const { overrideId } = await propose(userId, programId, MONDAY, lighter(session));
    await t.gql(APPROVE, { id: overrideId }, token);
    const week = await countStatements(t.db, () => t.gql(DAY, { f: '2026-03-02', t: '2026-03-08' }, token));
    const quarter = await countStatements(t.db, () => t.gql(DAY, { f: '2026-03-02', t: '2026-05-24' }, token));
    expect(week.result.errors).toBeUndefined();
    expect(quarter.result.errors).toBeUndefined();
    expect(quarter.result.data!.calendar[0].effective.sessions[0].change).toBe('LIGHTER');
    expect(quarter.count).toBe(week.count);
    expect(week.count).toBe(6); // events, sessions, meals, programs, exercises (shared by sessions and the effective day), overrides
  });

  it('rebuilds overrides and policies to what the commands made', async () => {
    const { rebuilt, incremental } = await rebuildMatchesIncremental(t.db, t.services.registry, async () => {
      const { userId, token, programId } = await userWithProgram();
      await t.gql(POLICY, { m: 'AUTO', th: 0.95 }, token);
      await t.gql(POLICY, { m: 'ASK', th: 0.7 }, token);
      const session = (await calendarDay(token, MONDAY)).sessions[0];
      const a = await propose(userId, programId, MONDAY, lighter(session, 'h1'));
      const b = await propose(userId, programId, MONDAY, lighter(session, 'h2'));
      await t.gql(APPROVE, { id: b.overrideId }, token);
      await t.gql(UNDO, { id: b.overrideId }, token);
      const wed = await propose(userId, programId, '2026-03-04', lighter((await calendarDay(token, '2026-03-04')).sessions[0], 'h3'));
      await t.gql(REJECT, { id: wed.overrideId, r: 'busy' }, token);
      const fri = await propose(userId, programId, '2026-03-06', lighter((await calendarDay(token, '2026-03-06')).sessions[0], 'h4'));
      await propose(userId, programId, '2026-03-06', null);
      expect([a, b, wed, fri].every((o) => o.overrideId)).toBe(true);
    });
    expect((incremental.day_overrides as unknown[]).length).toBe(4);
    expect((incremental.adjustment_policies as unknown[]).length).toBe(1);
    const { rows } = await t.db.sql.query<{ type: string }>(
      `SELECT DISTINCT event_type AS type FROM plan_change_events WHERE event_type LIKE 'DayOverride%' OR event_type = 'AdjustmentPolicySet' ORDER BY 1`);
    expect(rows.map((r) => r.type)).toEqual(['AdjustmentPolicySet', 'DayOverrideApproved', 'DayOverrideProposed', 'DayOverrideRejected',
      'DayOverrideSuperseded', 'DayOverrideUndone', 'DayOverrideWithdrawn']);
    expect(rebuilt).toEqual(incremental);
  });
});
