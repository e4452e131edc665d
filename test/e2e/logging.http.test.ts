import { openSecondConnection, resetData } from '../../src/core/testing/testDatabase';
import { rebuildMatchesIncremental } from '../../src/core/testing/rebuildCheck';
import { testServices } from '../../src/core/testing/testServices';
import { runSkipSweep } from '../../src/adherence/sweep';
import { EXERCISES } from '../../src/reference/exercises.data';
import { countStatements, startTestServer, TestServer } from '../support/testServer';

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
  sex: 'FEMALE', birthDate: '1992-05-10', heightCm: 168, weightKg: 64, goal: 'MUSCLE_GAIN', targetRatePctPerWeek: 0.25,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['BARBELL', 'DUMBBELL', 'BENCH', 'CABLE', 'MACHINE', 'PULLUP_BAR'], injuries: [], activityLevel: 'MODERATE',
  dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'Europe/London', startDate: '2026-03-02', programWeeks: 8,
  lifts: [{ exerciseId: 'barbell_back_squat', weightKg: 80, reps: 5 }],
};

const userWithProgram = (answers: Record<string, unknown> = ANSWERS) => t.userWithProgram(answers);

const DAY = `query($d: LocalDate!) { calendar(from: $d, to: $d) {
  sessions { id estimatedMinutes exercises { sets repsMin repsMax loadKg exercise { id } } }
  meals { id slot kcal items { grams food { id } } } } }`;

async function plannedDay(token: string, date: string) {
  const day = await t.gql(DAY, { d: date }, token);
  expect(day.errors).toBeUndefined();
  return day.data!.calendar[0];
}

const ACTIVITY = 'id version localDate kind plannedSessionId matchedBy similarity { score exactShare patternShare volumeRatio volumeBasis } adherence { status colour ratio }';
const LOG_ACTIVITY = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${ACTIVITY} } }`;
const ADHERENCE = `query($f: LocalDate!, $t: LocalDate!) { adherence(from: $f, to: $t) {
  records { plannedId kind status colour logId } weeks { weekStart training { planned completed skipped pending rate colour } nutrition { planned completed skipped } } } }`;

/** The planned session as it was planned: each exercise, every set, mid reps at the planned load. */
function asPlanned(session: any, share = 1) {
  return session.exercises.map((e: any) => ({
    exerciseId: e.exercise.id,
    sets: Array.from({ length: Math.max(1, Math.round(e.sets * share)) }, () => ({ reps: Math.round((e.repsMin + e.repsMax) / 2), loadKg: e.loadKg, rir: 2 })),
  }));
}

describe('logging and adherence over HTTP', () => {
  it('matches a session done as planned, scores it at least 0.9 and calls it completed', async () => {
    const { token } = await userWithProgram();
    const [session] = (await plannedDay(token, '2026-03-02')).sessions;
    const logged = await t.gql(LOG_ACTIVITY, { i: {
      performedAt: '2026-03-02T08:00:00Z', kind: 'STRENGTH', durationMinutes: session.estimatedMinutes, rpe: 7, exercises: asPlanned(session),
    } }, token);
    expect(logged.errors).toBeUndefined();
    const a = logged.data!.logActivity;
    expect(a).toMatchObject({ localDate: '2026-03-02', plannedSessionId: session.id, matchedBy: 'auto', adherence: { status: 'COMPLETED', colour: 'GREEN' } });
    expect(a.similarity.score).toBeGreaterThanOrEqual(0.9);
    const report = await t.gql(ADHERENCE, { f: '2026-03-02', t: '2026-03-08' }, token);
    expect(report.data!.adherence.records).toEqual([{ plannedId: session.id, kind: 'session', status: 'COMPLETED', colour: 'GREEN', logId: a.id }]);
  });

  it('calls half the volume partial and a same-pattern session similar', async () => {
    const { token } = await userWithProgram();
    const [monday] = (await plannedDay(token, '2026-03-02')).sessions;
    const half = await t.gql(LOG_ACTIVITY, { i: {
      performedAt: '2026-03-02T08:00:00Z', kind: 'STRENGTH', durationMinutes: Math.round(monday.estimatedMinutes / 2), rpe: 6,
      exercises: asPlanned(monday, 0.5), plannedSessionId: monday.id,
    } }, token);
    expect(half.errors).toBeUndefined();
    expect(half.data!.logActivity.adherence.status).toBe('PARTIAL');

    t.clock.set('2026-03-04T20:00:00.000Z');
    const [wednesday] = (await plannedDay(token, '2026-03-04')).sessions;
    const swapped = wednesday.exercises.map((e: any) => {
      const planned = EXERCISES.find((x) => x.id === e.exercise.id)!;
      const other = EXERCISES.find((x) => x.id !== planned.id && x.movementPattern === planned.movementPattern
        && x.primaryMuscles.some((m) => planned.primaryMuscles.includes(m)));
      return { exerciseId: (other ?? planned).id, sets: Array.from({ length: e.sets }, () => ({ reps: e.repsMax, rir: 2 })) };
    });
    const similar = await t.gql(LOG_ACTIVITY, { i: {
      performedAt: '2026-03-04T18:00:00Z', kind: 'STRENGTH', durationMinutes: wednesday.estimatedMinutes, rpe: 7, exercises: swapped,
    } }, token);
    expect(similar.errors).toBeUndefined();
    expect(similar.data!.logActivity).toMatchObject({ plannedSessionId: wednesday.id, adherence: { status: 'SIMILAR' } });
  });

  it('marks what was not logged skipped after the sweep; deleting a log brings back skipped', async () => {
    const { token } = await userWithProgram();
    const monday = await plannedDay(token, '2026-03-02');
    const logged = await t.gql(LOG_ACTIVITY, { i: {
      performedAt: '2026-03-02T08:00:00Z', kind: 'STRENGTH', durationMinutes: monday.sessions[0].estimatedMinutes, rpe: 7,
      exercises: asPlanned(monday.sessions[0]),
    } }, token);
    expect(logged.errors).toBeUndefined();
    const meal = monday.meals[0];
    const ate = await t.gql(`mutation($i: LogMealInput!) { logMeal(input: $i) { plannedMealId adherence { status } comparison { delta { kcal } } } }`, { i: {
      eatenAt: '2026-03-02T07:30:00Z', slot: meal.slot, items: meal.items.map((i: any) => ({ foodId: i.food.id, grams: i.grams })),
    } }, token);
    expect(ate.errors).toBeUndefined();
    expect(ate.data!.logMeal).toMatchObject({ plannedMealId: meal.id, adherence: { status: 'COMPLETED' } });

    // Monday is over in London on Tuesday morning.
    t.clock.set('2026-03-03T06:00:00.000Z');
    expect((await runSkipSweep(t.services, t.clock.now())).closed).toBe(1);
    let report = (await t.gql(ADHERENCE, { f: '2026-03-02', t: '2026-03-02' }, token)).data!.adherence;
    const byId = new Map(report.records.map((r: any) => [r.plannedId, r.status]));
    expect(byId.get(monday.sessions[0].id)).toBe('COMPLETED');
    expect(byId.get(meal.id)).toBe('COMPLETED');
    for (const other of monday.meals.slice(1)) expect(byId.get(other.id)).toBe('SKIPPED');
    expect(report.weeks[0].nutrition).toMatchObject({ planned: monday.meals.length, completed: 1, skipped: monday.meals.length - 1 });

    // A second sweep closes nothing more.
    expect((await runSkipSweep(t.services, t.clock.now())).closed).toBe(0);

    const deleted = await t.gql(`mutation($id: ID!) { deleteActivity(id: $id) { id releasedPlannedId } }`, { id: logged.data!.logActivity.id }, token);
    expect(deleted.errors).toBeUndefined();
    report = (await t.gql(ADHERENCE, { f: '2026-03-02', t: '2026-03-02' }, token)).data!.adherence;
    expect(report.records.find((r: any) => r.plannedId === monday.sessions[0].id).status).toBe('SKIPPED');
  });

  it('sweeps each user on their own local day (UTC+14 and UTC-11)', async () => {
    const kiritimati = await userWithProgram({ ...ANSWERS, timeZone: 'Pacific/Kiritimati', startDate: '2026-03-03' });
    const pagoPago = await userWithProgram({ ...ANSWERS, timeZone: 'Pacific/Pago_Pago', startDate: '2026-03-02' });
    // 10:30 UTC on the 3rd: already the 4th (00:30) in Kiritimati, still the 2nd (23:30) in Pago Pago.
    t.clock.set('2026-03-03T10:30:00.000Z');
    await runSkipSweep(t.services, t.clock.now());
    const closed = async (userId: string) => (await t.db.sql.query<{ date: string }>(
      'SELECT date FROM adherence_closed_days WHERE user_id = $1 ORDER BY date', [userId])).rows.map((r) => r.date);
    expect(await closed(kiritimati.userId)).toEqual(['2026-03-03']);
    expect(await closed(pagoPago.userId)).toEqual([]);
    t.clock.set('2026-03-03T11:30:00.000Z'); // midnight has passed in Pago Pago
    await runSkipSweep(t.services, t.clock.now());
    expect(await closed(pagoPago.userId)).toEqual(['2026-03-02']);
  });

  it('records each skip once when two workers sweep at the same moment', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => userWithProgram()));
    t.clock.set('2026-03-06T06:00:00.000Z');
    // On PostgreSQL a second pool on the same database, as a second worker process has; the
    // embedded PGlite has one connection, so there the two sweeps interleave on it.
    const otherDb = await openSecondConnection();
    try {
      const other = otherDb ? testServices(otherDb) : testServices(t.db);
      const [a, b] = await Promise.all([runSkipSweep(t.services, t.clock.now()), runSkipSweep(other, t.clock.now())]);
      expect(a.closed + b.closed).toBe(users.length * 4); // 2nd-5th March
      const { rows } = await t.db.sql.query<{ n: number; streams: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT stream_id)::int AS streams FROM plan_change_events WHERE event_type = 'AdherenceDayClosed'`);
      expect(rows[0]).toEqual({ n: users.length * 4, streams: users.length * 4 });
    } finally {
      await otherDb?.close();
    }
  });

  it('refuses bad logs with the field at fault and writes nothing', async () => {
    const { token } = await userWithProgram();
    const stranger = await userWithProgram();
    const [theirs] = (await plannedDay(stranger.token, '2026-03-02')).sessions;
    const base = { performedAt: '2026-03-02T08:00:00Z', kind: 'STRENGTH', durationMinutes: 45, rpe: 7 };
    const before = await t.eventCount();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ ...base, plannedSessionId: theirs.id }, 'NOT_FOUND', 'input.plannedSessionId'],
      [{ ...base, performedAt: '2026-03-04T12:00:00Z' }, 'BAD_USER_INPUT', 'input.performedAt'],
      [{ ...base, durationMinutes: 0 }, 'BAD_USER_INPUT', 'input.durationMinutes'],
      [{ ...base, durationMinutes: 48 * 60 }, 'BAD_USER_INPUT', 'input.durationMinutes'],
      [{ ...base, rpe: 10.5 }, 'BAD_USER_INPUT', 'input.rpe'],
    ];
    for (const [input, code, field] of cases) {
      const result = await t.gql(LOG_ACTIVITY, { i: input }, token);
      expect(result.errors?.[0].extensions).toMatchObject({ code, field });
    }
    const meals: Array<[Record<string, unknown>, string]> = [
      [{ foodId: 'egg_whole_raw', grams: -10 }, 'input.items.0.grams'],
      [{ foodId: 'no_such_food', grams: 10 }, 'input.items.0.foodId'],
      [{ name: 'Mystery', kcal: 900, proteinG: 10, carbsG: 10, fatG: 10 }, 'input.items.0.kcal'],
    ];
    for (const [item, field] of meals) {
      const result = await t.gql(`mutation($i: LogMealInput!) { logMeal(input: $i) { id } }`, { i: { eatenAt: '2026-03-02T08:00:00Z', items: [item] } }, token);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await t.eventCount()).toBe(before);
  });

  it('rebuilds logging, matching and adherence to the same rows', async () => {
    const { incremental, rebuilt } = await rebuildMatchesIncremental(t.db, t.services.registry, async () => {
      const { token } = await userWithProgram();
      const day = await plannedDay(token, '2026-03-02');
      const a = await t.gql(LOG_ACTIVITY, { i: {
        performedAt: '2026-03-02T08:00:00Z', kind: 'STRENGTH', durationMinutes: 50, rpe: 8, exercises: asPlanned(day.sessions[0], 0.7),
      } }, token);
      expect(a.errors).toBeUndefined();
      const edited = await t.gql(`mutation($id: ID!) { editActivity(id: $id, input: { durationMinutes: 55, rpe: 7 }) { version } }`,
        { id: a.data!.logActivity.id }, token);
      expect(edited.data!.editActivity.version).toBe(2);
      const m = await t.gql(`mutation($i: LogMealInput!) { logMeal(input: $i) { id } }`, { i: {
        eatenAt: '2026-03-02T12:30:00Z', slot: 2, items: [{ name: 'Sandwich', kcal: 450, proteinG: 20, carbsG: 50, fatG: 18 }] } }, token);
      expect(m.errors).toBeUndefined();
      const breakfast = await t.gql(`mutation($i: LogMealInput!) { logMeal(input: $i) { id } }`, { i: {
        eatenAt: '2026-03-02T07:30:00Z', slot: 1, items: [{ foodId: 'egg_whole_raw', grams: 120 }] } }, token);
      const reweighed = await t.gql(`mutation($id: ID!) { editMealLog(id: $id, input: { items: [{ foodId: "egg_whole_raw", grams: 90 }] }) { version } }`,
        { id: breakfast.data!.logMeal.id }, token);
      expect(reweighed.data!.editMealLog.version).toBe(2);
      const walk = await t.gql(LOG_ACTIVITY, { i: { performedAt: '2026-03-02T17:00:00Z', kind: 'CARDIO', durationMinutes: 30, rpe: 3 } }, token);
      expect(walk.errors).toBeUndefined();
      t.clock.set('2026-03-04T06:00:00.000Z');
      await runSkipSweep(t.services, t.clock.now());
      await t.gql(`mutation($id: ID!) { deleteMealLog(id: $id) { id } }`, { id: m.data!.logMeal.id }, token);
      const gone = await t.gql(`mutation($id: ID!) { deleteActivity(id: $id) { id } }`, { id: walk.data!.logActivity.id }, token);
      expect(gone.errors).toBeUndefined();
    });
    // Every log event type: ActivityLogged/Edited/Deleted, MealLogged/Edited/Deleted, AdherenceDayClosed.
    const { rows } = await t.db.sql.query<{ type: string }>('SELECT DISTINCT event_type AS type FROM plan_change_events');
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining([
      'ActivityLogged', 'ActivityEdited', 'ActivityDeleted', 'MealLogged', 'MealLogEdited', 'MealLogDeleted', 'AdherenceDayClosed',
    ]));
    expect(incremental.activities).toHaveLength(1);
    expect(incremental.meals).toHaveLength(1);
    expect(incremental.adherence_records.length).toBeGreaterThan(3);
    expect(rebuilt).toEqual(incremental);
  });

  it('shows adherence and logs on the calendar with the same number of SQL statements for 7 and 84 days', async () => {
    const { token } = await userWithProgram();
    const monday = await plannedDay(token, '2026-03-02');
    const logged = await t.gql(LOG_ACTIVITY, { i: {
      performedAt: '2026-03-02T08:00:00Z', kind: 'STRENGTH', durationMinutes: monday.sessions[0].estimatedMinutes, rpe: 7,
      exercises: asPlanned(monday.sessions[0]),
    } }, token);
    expect(logged.errors).toBeUndefined();
    const query = `query($f: LocalDate!, $t: LocalDate!) { calendar(from: $f, to: $t) {
      sessions { id adherence { status colour } activity { id plannedSession { id } } }
      meals { id adherence { status } mealLog { id plannedMeal { id } } } } }`;
    const week = await countStatements(t.db, () => t.gql(query, { f: '2026-03-02', t: '2026-03-08' }, token));
    const quarter = await countStatements(t.db, () => t.gql(query, { f: '2026-03-02', t: '2026-05-24' }, token));
    expect(week.result.errors).toBeUndefined();
    expect(quarter.result.errors).toBeUndefined();
    expect(quarter.count).toBe(week.count);
    // calendar rows, sessions, meals, programs; adherence, activities, meal logs (the activity's
    // planned session comes from the session loader's cache)
    expect(week.count).toBe(7);
    const session = week.result.data!.calendar[0].sessions[0];
    expect(session).toMatchObject({ adherence: { status: 'COMPLETED', colour: 'GREEN' },
      activity: { id: logged.data!.logActivity.id, plannedSession: { id: monday.sessions[0].id } } });
    expect(week.result.data!.calendar[0].meals[0]).toMatchObject({ adherence: null, mealLog: null });
  });
  it('lets one of several activities logged at once hold a planned session; the others match nothing', async () => {
    const { token } = await userWithProgram();
    const [monday] = (await plannedDay(token, '2026-03-02')).sessions;
    const results = await Promise.all(Array.from({ length: 6 }, () => t.gql(LOG_ACTIVITY, { i: {
      performedAt: '2026-03-02T08:00:00Z', kind: 'STRENGTH', durationMinutes: monday.estimatedMinutes, rpe: 7, exercises: asPlanned(monday),
    } }, token)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const linked = results.map((r) => r.data!.logActivity.plannedSessionId);
    expect(linked.filter((id) => id === monday.id)).toHaveLength(1);
    expect(linked.filter((id) => id === null)).toHaveLength(5);
    const { rows } = await t.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM activities WHERE planned_session_instance_id = $1', [monday.id]);
    expect(rows[0].n).toBe(1);
  });
  it('answers a keyed retry of logActivity and logMeal with the first result and logs nothing new', async () => {
    const { token } = await userWithProgram();
    const activity = { performedAt: '2026-03-02T08:00:00Z', kind: 'STRENGTH', durationMinutes: 40, rpe: 6 };
    const first = await t.gql(`mutation($i: LogActivityInput!) { logActivity(input: $i, idempotencyKey: "watch-1") { ${ACTIVITY} } }`, { i: activity }, token);
    const before = await t.eventCount();
    const again = await t.gql(`mutation($i: LogActivityInput!) { logActivity(input: $i, idempotencyKey: "watch-1") { ${ACTIVITY} } }`, { i: activity }, token);
    expect(again.data).toEqual(first.data);
    const meal = { eatenAt: '2026-03-02T12:00:00Z', items: [{ foodId: 'egg_whole_raw', grams: 100 }] };
    const m1 = await t.gql(`mutation($i: LogMealInput!) { logMeal(input: $i, idempotencyKey: "meal-1") { id version totals { kcal } } }`, { i: meal }, token);
    // An edit in between: the retry still answers as the first request did (version 1).
    const edited = await t.gql(`mutation($id: ID!) { editMealLog(id: $id, input: { items: [{ foodId: "egg_whole_raw", grams: 50 }] }) { version } }`,
      { id: m1.data!.logMeal.id }, token);
    expect(edited.data!.editMealLog.version).toBe(2);
    const m2 = await t.gql(`mutation($i: LogMealInput!) { logMeal(input: $i, idempotencyKey: "meal-1") { id version totals { kcal } } }`, { i: meal }, token);
    expect(m2.data).toEqual(m1.data);
    expect(await t.eventCount()).toBe(before + 2);
    const other = await t.gql(`mutation($i: LogMealInput!) { logMeal(input: $i, idempotencyKey: "meal-1") { id } }`,
      { i: { ...meal, items: [{ foodId: 'egg_whole_raw', grams: 150 }] } }, token);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });
  it('pages activities and meal logs by cursor, and gives planned and actual training load per day', async () => {
    const { token } = await userWithProgram();
    t.clock.set('2026-03-05T20:00:00.000Z');
    for (const day of ['02', '03', '04']) {
      const a = await t.gql(LOG_ACTIVITY, { i: { performedAt: `2026-03-${day}T17:00:00Z`, kind: 'CARDIO', durationMinutes: 40, rpe: 5 } }, token);
      expect(a.errors).toBeUndefined();
      const m = await t.gql(`mutation($i: LogMealInput!) { logMeal(input: $i) { id } }`,
        { i: { eatenAt: `2026-03-${day}T12:00:00Z`, items: [{ foodId: 'egg_whole_raw', grams: 100 }] } }, token);
      expect(m.errors).toBeUndefined();
    }
    const page = (list: 'activities' | 'mealLogs', after: string | null) => t.gql(
      `query($after: String) { ${list}(from: "2026-03-01", to: "2026-03-31", first: 2, after: $after) {
        edges { cursor node { localDate } } pageInfo { hasNextPage endCursor } } }`, { after }, token);
    for (const list of ['activities', 'mealLogs'] as const) {
      const first = (await page(list, null)).data![list];
      expect(first.edges.map((e: any) => e.node.localDate)).toEqual(['2026-03-02', '2026-03-03']);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await page(list, first.pageInfo.endCursor)).data![list];
      expect(second.edges.map((e: any) => e.node.localDate)).toEqual(['2026-03-04']);
      expect(second.pageInfo.hasNextPage).toBe(false);
    }
    const bad = await page('activities', 'not-a-cursor');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    const load = await t.gql(`{ trainingLoad(from: "2026-03-02", to: "2026-03-04") { date actual { load acute } planned { load } } }`, {}, token);
    expect(load.errors).toBeUndefined();
    const days = load.data!.trainingLoad;
    expect(days.map((d: any) => d.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(days.map((d: any) => d.actual.load)).toEqual([200, 200, 200]); // RPE 5 x 40 minutes (Foster)
    expect(days[2].actual.acute).toBeCloseTo(600 / 7, 1);
    expect(days[0].planned.load).toBeGreaterThan(0); // Monday is a planned training day
    expect(days[1].planned.load).toBe(0);
  });
});
