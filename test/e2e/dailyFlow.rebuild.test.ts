import { randomUUID } from 'node:crypto';
import { addDays } from '../../src/core/dates';
import { resetData } from '../../src/core/testing/testDatabase';
import { rebuildMatchesIncremental } from '../../src/core/testing/rebuildCheck';
import { runSkipSweep } from '../../src/adherence/sweep';
import { reactorFor, turnUntil } from '../../src/notifications/notification.fixtures';
import { startTestServer, TestServer } from '../support/testServer';

/**
 * Issue #8's "rebuild == incremental across context, overrides and notifications", on one flow
 * through the API: a week of context, a rough night (a proposal), approve, undo, new context (a
 * new proposal superseding nothing: the undone one stays), a skipped day closed by the sweep,
 * the reactor's notifications and a read mark. Every read model is dumped, rebuilt from the log
 * and dumped again.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());

const ANSWERS = {
  sex: 'MALE', birthDate: '1988-02-03', heightCm: 181, weightKg: 84, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['BARBELL', 'DUMBBELL', 'BENCH', 'CABLE', 'MACHINE', 'PULLUP_BAR'], injuries: [], activityLevel: 'MODERATE',
  dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'Europe/Berlin', startDate: '2026-03-02', programWeeks: 4, lifts: [],
};
const LOG = `mutation($i: LogDailyContextInput!) { logDailyContext(input: $i) { version } }`;
const DAY = `query($d: LocalDate!) { calendar(from: $d, to: $d) { override { id status } } }`;

async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const answer = await t.gql(query, variables, token);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
}

it('rebuilds context, overrides, policies and notifications to what the flow made', async () => {
  await resetData(t.db);
  t.clock.set('2026-03-01T08:00:00.000Z');
  const userId = randomUUID();
  const token = await t.token(userId);
  const reactor = reactorFor(t.services);
  const notificationCount = async () => (await t.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1', [userId])).rows[0].n;

  const { incremental, rebuilt } = await rebuildMatchesIncremental(t.db, t.services.registry, async () => {
    const started = await ok(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: ANSWERS }, token);
    await ok(`mutation($id: UUID!) { completeConsultation(id: $id) { program { id } } }`, { id: started.startConsultation.id }, token);
    await ok(`mutation { setAdjustmentPolicy(mode: ASK, autoApplyThreshold: 0.7) { mode } }`, {}, token);
    for (let i = 0; i < 7; i++) {
      const date = addDays('2026-03-02', i);
      t.clock.set(`${date}T06:00:00.000Z`);
      await ok(LOG, { i: { date, sleepHours: 7.5, sleepQuality: 4, stress: 2, soreness: 2, energy: 4, bodyWeightKg: 84 - i * 0.1 } }, token);
    }
    // The sweep closes the first week's days: nothing was logged, so its sessions are skipped.
    await runSkipSweep(t.services, new Date('2026-03-09T06:00:00.000Z'));
    t.clock.set('2026-03-09T06:00:00.000Z');
    await ok(LOG, { i: { date: '2026-03-09', sleepHours: 4, sleepQuality: 2, stress: 4, soreness: 5, energy: 2 } }, token);
    const first = (await ok(DAY, { d: '2026-03-09' }, token)).calendar[0].override;
    expect(first).toMatchObject({ status: 'PENDING' });
    await ok(`mutation($id: ID!) { approveDayOverride(id: $id) { status } }`, { id: first.id }, token);
    await ok(`mutation($id: ID!) { undoDayOverride(id: $id) { status } }`, { id: first.id }, token);
    await ok(LOG, { i: { date: '2026-03-09', sleepHours: 3, sleepQuality: 1, stress: 5, soreness: 5, energy: 1 } }, token);
    const second = (await ok(DAY, { d: '2026-03-09' }, token)).calendar[0].override;
    expect(second.id).not.toBe(first.id);
    await ok(`mutation($id: ID!) { rejectDayOverride(id: $id, reason: "Feeling fine after coffee") { status } }`, { id: second.id }, token);
    // The reactor makes: program ready, one per day with missed sessions (Monday, Wednesday,
    // Friday), one per proposal (the rough night's two, and any hard-day carbohydrate shift of
    // the good week: the log says how many).
    const { rows: [{ n: proposals }] } = await t.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM plan_change_events WHERE event_type = 'DayOverrideProposed' AND user_id = $1`, [userId]);
    expect(proposals).toBeGreaterThanOrEqual(2);
    await turnUntil(reactor, 'the flow is notified', async () => (await notificationCount()) >= 4 + proposals);
    const list = await ok(`{ notifications(first: 20) { edges { node { id kind } } } }`, {}, token);
    const kinds = list.notifications.edges.map((e: { node: { kind: string } }) => e.node.kind).sort();
    expect(kinds).toEqual([...Array(proposals).fill('ADJUSTMENT_PROPOSED'), 'PROGRAM_READY', 'SESSION_MISSED', 'SESSION_MISSED', 'SESSION_MISSED']);
    await ok(`mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`, { ids: [list.notifications.edges[0].node.id] }, token);
  });

  for (const table of ['user_context_log', 'day_overrides', 'adjustment_policies', 'notifications', 'adherence_records']) {
    expect(incremental[table]?.length ?? 0).toBeGreaterThan(0);
  }
  expect(rebuilt).toEqual(incremental);
});
