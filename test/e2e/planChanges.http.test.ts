import { randomUUID } from 'node:crypto';
import { resetData } from '../../src/core/testing/testDatabase';
import { rebuildMatchesIncremental } from '../../src/core/testing/rebuildCheck';
import { programsStream, ProgramGeneratedData, StoredMeal } from '../../src/programs/program';
import { programStream, PlanDiff, ReassessmentAppliedData } from '../../src/programs/planChange.contracts';
import { countStatements, startTestServer, TestServer } from '../support/testServer';
import { EXERCISES } from '../../src/reference/exercises.data';
import { runSkipSweep } from '../../src/adherence/sweep';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());
beforeEach(async () => {
  await resetData(t.db);
  t.clock.set('2026-03-02T09:00:00.000Z');
});

export const ANSWERS = {
  sex: 'FEMALE', birthDate: '1992-05-10', heightCm: 168, weightKg: 64, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['DUMBBELL', 'BENCH'], injuries: ['KNEE'], activityLevel: 'MODERATE',
  dietType: 'VEGETARIAN', allergies: ['PEANUT'], mealsPerDay: 3, timeZone: 'Europe/London', startDate: '2026-03-02', programWeeks: 8,
};

/** A user whose program was generated on its start date (the clock is put back to where the test had it). */
async function userWithProgram(answers: Record<string, unknown> = ANSWERS) {
  const now = t.clock.now().toISOString();
  t.clock.set('2026-03-02T09:00:00.000Z');
  try {
    return await makeUser(answers);
  } finally {
    t.clock.set(now);
  }
}

async function makeUser(answers: Record<string, unknown>) {
  const user = await t.userWithProgram(answers);
  const [generated] = await t.services.store.readStream(programsStream(user.userId));
  return { ...user, generated: generated.data as ProgramGeneratedData };
}

/** A reassessment's outcome, appended by hand as src/reassessment would: a diff and its explanation. */
async function appendReassessment(user: { userId: string; programId: string }, version: number, diff: PlanDiff, effectiveFrom: string) {
  const data: ReassessmentAppliedData = {
    programId: user.programId, userId: user.userId, reassessmentId: randomUUID(), window: { from: '2026-03-02', to: '2026-03-15' },
    effectiveFrom, nextReassessmentDate: '2026-03-30', reassessment: { note: 'by hand' }, diff,
    explanation: { actor: 'reassessment', summary: 'Your calories go down by 100 kcal a day.', reasons: [{ code: 'RATE_BELOW_TARGET', message: 'You lost less than planned.' }] },
    at: t.clock.now().toISOString(),
  };
  await t.services.store.append(programStream(user.programId), version, [{ type: 'ReassessmentApplied', data }], { userId: user.userId, programId: user.programId });
}

const scaled = (meal: StoredMeal, f: number): StoredMeal => {
  const items = meal.items.map((i) => ({ ...i, grams: Math.round(i.grams * f * 10) / 10, kcal: Math.round(i.kcal * f * 10) / 10, proteinG: Math.round(i.proteinG * f * 10) / 10, carbsG: Math.round(i.carbsG * f * 10) / 10, fatG: Math.round(i.fatG * f * 10) / 10 }));
  const sum = (k: 'kcal' | 'proteinG' | 'carbsG' | 'fatG') => Math.round(items.reduce((s, i) => s + i[k], 0) * 10) / 10;
  return { ...meal, items, kcal: sum('kcal'), proteinG: sum('proteinG'), carbsG: sum('carbsG'), fatG: sum('fatG') };
};

const CAL = `query($f: LocalDate!, $t: LocalDate!) { calendar(from: $f, to: $t) { date targets { kcal proteinG }
  sessions { id date name exercises { id position sets loadKg exercise { id } } } meals { id slot kcal items { id grams kcal food { id } } } } }`;

describe('a program changed by a ReassessmentApplied event', () => {
  it('shows the diff and the day targets from their day on, bumps the version, and rebuilds to the same read models', async () => {
    const user = await userWithProgram();
    const { bundle, targets } = user.generated;
    const laterMeals = bundle.meals.filter((m) => m.date >= '2026-03-17');
    const [moved, dropped] = bundle.sessions.filter((s) => s.date >= '2026-03-17');
    const newTargets = { ...targets, targetKcal: targets.targetKcal - 100 };
    const diff: PlanDiff = {
      sessions: [{ ...moved, date: '2026-03-21', exercises: moved.exercises.map((e) => ({ ...e, sets: Math.max(1, e.sets - 1) })) }],
      meals: laterMeals.map((m) => scaled(m, 0.9)),
      removedSessionIds: [dropped.id],
      targets: { from: '2026-03-17', targets: newTargets },
    };
    const { incremental, rebuilt } = await rebuildMatchesIncremental(t.db, t.services.registry, () => appendReassessment(user, 0, diff, '2026-03-17'));
    expect(rebuilt).toEqual(incremental);

    const program = await t.gql(`query($id: UUID!) { program(id: $id) { version nextReassessmentDate targets { kcal } targetsHistory { from targets { kcal } } } }`, { id: user.programId }, user.token);
    expect(program.errors).toBeUndefined();
    expect(program.data!.program).toEqual({
      version: 1, nextReassessmentDate: '2026-03-30', targets: { kcal: newTargets.targetKcal },
      targetsHistory: [{ from: '2026-03-02', targets: { kcal: targets.targetKcal } }, { from: '2026-03-17', targets: { kcal: newTargets.targetKcal } }],
    });
    const days = (await t.gql(CAL, { f: '2026-03-16', t: '2026-03-23' }, user.token)).data!.calendar;
    const byDate = new Map<string, any>(days.map((d: any) => [d.date, d]));
    expect(byDate.get('2026-03-16').targets.kcal).toBe(targets.targetKcal);
    expect(byDate.get('2026-03-17').targets.kcal).toBe(newTargets.targetKcal);
    const sessions = days.flatMap((d: any) => d.sessions);
    expect(sessions.map((s: any) => s.id)).not.toContain(dropped.id);
    const movedNow = sessions.find((s: any) => s.id === moved.id);
    expect(movedNow.date).toBe('2026-03-21');
    expect(movedNow.exercises.map((e: any) => e.id)).toEqual(moved.exercises.map((e) => e.id));
    expect(movedNow.exercises.map((e: any) => e.sets)).toEqual(moved.exercises.map((e) => Math.max(1, e.sets - 1)));
    const meal = days.flatMap((d: any) => d.meals).find((m: any) => m.id === laterMeals[0].id);
    expect(meal.kcal).toBe(scaled(laterMeals[0], 0.9).kcal);
    // Days program-wide: Program.days carries each day's targets too.
    const programDays = await t.gql(`query($id: UUID!) { program(id: $id) { days(from: "2026-03-16", to: "2026-03-17") { date targets { kcal } } } }`, { id: user.programId }, user.token);
    expect(programDays.data!.program.days.map((d: any) => d.targets.kcal)).toEqual([targets.targetKcal, newTargets.targetKcal]);
  });
});

const CHANGE = `mutation($i: ChangePlanInput!, $v: Int, $k: String) { changePlan(input: $i, expectedVersion: $v, idempotencyKey: $k) {
  change { version type kind actor summary reasons { code message } } program { id version } } }`;
const HISTORY = `query($id: UUID!, $first: Int, $after: String) { planChanges(programId: $id, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { version type kind actor summary reasons { code } } } } }`;

async function sessionsBetween(token: string, from: string, to: string) {
  const res = await t.gql(CAL, { f: from, t: to }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.calendar.flatMap((d: any) => d.sessions);
}

const errorOf = (res: { errors?: Array<{ extensions?: Record<string, any>; message: string }> }) =>
  ({ code: res.errors?.[0]?.extensions?.code, field: res.errors?.[0]?.extensions?.field, message: res.errors?.[0]?.message });

describe('changePlan', () => {
  beforeEach(() => t.clock.set('2026-03-09T09:00:00.000Z')); // Monday of week 2 in London

  it('reschedules a session, explains it, bumps the version, and keeps the earlier version readable byte for byte', async () => {
    const user = await userWithProgram();
    const before = await t.gql(CAL, { f: '2026-03-09', t: '2026-03-15' }, user.token);
    const programBefore = await t.gql(`query($id: UUID!) { program(id: $id) { version days(from: "2026-03-09", to: "2026-03-15") { date sessions { id date } } } }`, { id: user.programId }, user.token);
    const instantBefore = new Date(Date.now()).toISOString();
    const wednesday = before.data!.calendar.find((d: any) => d.date === '2026-03-11').sessions[0];

    const moved = await t.gql(CHANGE, { i: { kind: 'RESCHEDULE_SESSION', sessionId: wednesday.id, toDate: '2026-03-12' }, v: 0 }, user.token);
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.changePlan).toEqual({
      change: {
        version: 1, type: 'CHANGED_BY_PERSON', kind: 'RESCHEDULE_SESSION', actor: 'PERSON',
        summary: `You moved ${wednesday.name} from Wednesday 11 March to Thursday 12 March.`, reasons: [expect.objectContaining({ code: 'RESCHEDULED_BY_YOU' })],
      },
      program: { id: user.programId, version: 1 },
    });
    const after = await sessionsBetween(user.token, '2026-03-09', '2026-03-15');
    expect(after.find((s: any) => s.id === wednesday.id).date).toBe('2026-03-12');

    // The plan as it stood: JSON of the answer before the change == JSON of the asOf answer after it.
    const calendarAsOf = await t.gql(CAL.replace('calendar(from: $f, to: $t)', 'calendar(from: $f, to: $t, asOf: $a)').replace('$t: LocalDate!)', '$t: LocalDate!, $a: DateTimeISO)'),
      { f: '2026-03-09', t: '2026-03-15', a: instantBefore }, user.token);
    expect(JSON.stringify(calendarAsOf)).toBe(JSON.stringify(before));
    const programAsOf = await t.gql(`query($id: UUID!) { program(id: $id, asOfVersion: 0) { version days(from: "2026-03-09", to: "2026-03-15") { date sessions { id date } } } }`, { id: user.programId }, user.token);
    expect(JSON.stringify(programAsOf)).toBe(JSON.stringify(programBefore));
    // ... and the current version folded from the log is what the read models show.
    const nowCal = await t.gql(CAL, { f: '2026-03-01', t: '2026-04-26' }, user.token);
    const nowFolded = await t.gql(CAL.replace('calendar(from: $f, to: $t)', 'calendar(from: $f, to: $t, asOf: $a)').replace('$t: LocalDate!)', '$t: LocalDate!, $a: DateTimeISO)'),
      { f: '2026-03-01', t: '2026-04-26', a: new Date(Date.now() + 60_000).toISOString() }, user.token);
    expect(JSON.stringify(nowFolded)).toBe(JSON.stringify(nowCal));

    const history = await t.gql(HISTORY, { id: user.programId, first: 1 }, user.token);
    expect(history.errors).toBeUndefined();
    const page1 = history.data!.planChanges;
    expect(page1.totalCount).toBe(2);
    expect(page1.edges.map((e: any) => [e.node.version, e.node.type, e.node.actor])).toEqual([[0, 'GENERATED', 'GENERATOR']]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await t.gql(HISTORY, { id: user.programId, first: 5, after: page1.pageInfo.endCursor }, user.token)).data!.planChanges;
    expect(page2.edges.map((e: any) => e.node)).toEqual([{
      version: 1, type: 'CHANGED_BY_PERSON', kind: 'RESCHEDULE_SESSION', actor: 'PERSON', summary: moved.data!.changePlan.change.summary, reasons: [{ code: 'RESCHEDULED_BY_YOU' }],
    }]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses the past, logged sessions, days outside the program, a taken day, stale versions and other people\'s ids, writing nothing', async () => {
    const user = await userWithProgram();
    const other = await userWithProgram();
    const sessions = await sessionsBetween(user.token, '2026-03-02', '2026-03-15');
    const lastMonday = sessions.find((s: any) => s.date === '2026-03-02');
    const wednesday = sessions.find((s: any) => s.date === '2026-03-11');
    const friday = sessions.find((s: any) => s.date === '2026-03-13');
    const monday = sessions.find((s: any) => s.date === '2026-03-09');
    const logged = await t.gql(`mutation($i: LogActivityInput!) { logActivity(input: $i) { plannedSessionId } }`, { i: {
      performedAt: '2026-03-09T08:00:00Z', kind: 'STRENGTH', durationMinutes: 50, rpe: 7, plannedSessionId: monday.id,
      exercises: monday.exercises.map((e: any) => ({ exerciseId: e.exercise.id, sets: [{ reps: 10, rir: 2 }] })),
    } }, user.token);
    expect(logged.data!.logActivity.plannedSessionId).toBe(monday.id);
    const events = await t.eventCount();

    const cases: Array<[Record<string, unknown>, number | null, string, string, string | null]> = [
      [{ kind: 'RESCHEDULE_SESSION', sessionId: lastMonday.id, toDate: '2026-03-10' }, null, user.token, 'CONFLICT', 'input.sessionId'],
      [{ kind: 'SKIP_SESSION', sessionId: lastMonday.id }, null, user.token, 'CONFLICT', 'input.sessionId'],
      [{ kind: 'RESCHEDULE_SESSION', sessionId: wednesday.id, toDate: '2026-03-08' }, null, user.token, 'BAD_USER_INPUT', 'input.toDate'],
      [{ kind: 'RESCHEDULE_SESSION', sessionId: wednesday.id, toDate: '2026-05-30' }, null, user.token, 'BAD_USER_INPUT', 'input.toDate'],
      [{ kind: 'RESCHEDULE_SESSION', sessionId: wednesday.id, toDate: friday.date }, null, user.token, 'BAD_USER_INPUT', 'input.toDate'],
      [{ kind: 'RESCHEDULE_SESSION', sessionId: monday.id, toDate: '2026-03-10' }, null, user.token, 'CONFLICT', 'input.sessionId'],
      [{ kind: 'SKIP_SESSION', sessionId: monday.id }, null, user.token, 'CONFLICT', 'input.sessionId'],
      [{ kind: 'SKIP_SESSION', sessionId: wednesday.id }, 3, user.token, 'CONFLICT', null],
      [{ kind: 'SKIP_SESSION', sessionId: wednesday.id }, null, other.token, 'NOT_FOUND', 'input.sessionId'],
      [{ kind: 'SWAP_EXERCISE', plannedExerciseId: wednesday.exercises[0].id, exerciseId: 'push_up' }, null, other.token, 'NOT_FOUND', 'input.plannedExerciseId'],
      [{ kind: 'SKIP_SESSION' }, null, user.token, 'BAD_USER_INPUT', 'input.sessionId'],
      [{ kind: 'SKIP_SESSION', sessionId: wednesday.id, toDate: '2026-03-12' }, null, user.token, 'BAD_USER_INPUT', 'input.toDate'],
      [{ kind: 'RESCHEDULE_SESSION', sessionId: wednesday.id }, null, user.token, 'BAD_USER_INPUT', 'input.toDate'],
    ];
    for (const [input, expectedVersion, token, code, field] of cases) {
      const res = await t.gql(CHANGE, { i: input, v: expectedVersion }, token);
      expect({ input, ...errorOf(res) }).toEqual({ input, code, field: field ?? undefined, message: expect.any(String) });
    }
    expect(await t.eventCount()).toBe(events);
    const program = await t.gql(`query($id: UUID!) { program(id: $id) { version } }`, { id: user.programId }, user.token);
    expect(program.data!.program.version).toBe(0);
  });

  it('swaps an exercise only to one that fits, keeps the plan item id, and suggests alternatives', async () => {
    const user = await userWithProgram();
    const [session] = await sessionsBetween(user.token, '2026-03-11', '2026-03-11');
    const planned = session.exercises[0];
    const events = await t.eventCount();
    const barbell = await t.gql(CHANGE, { i: { kind: 'SWAP_EXERCISE', plannedExerciseId: planned.id, exerciseId: 'barbell_bench_press' } }, user.token);
    expect(errorOf(barbell)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.exerciseId', message: expect.stringContaining('equipment you do not have: barbell') });
    const kneeUnfriendly = EXERCISES.find((e) => e.contraindications.includes('knee') && e.equipment.every((q) => ['dumbbell', 'bench', 'bodyweight'].includes(q)))!;
    const knee = await t.gql(CHANGE, { i: { kind: 'SWAP_EXERCISE', plannedExerciseId: planned.id, exerciseId: kneeUnfriendly.id } }, user.token);
    expect(errorOf(knee)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.exerciseId', message: expect.stringContaining('knee') });
    const unknown = await t.gql(CHANGE, { i: { kind: 'SWAP_EXERCISE', plannedExerciseId: planned.id, exerciseId: 'no_such_thing' } }, user.token);
    expect(errorOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.exerciseId' });
    expect(await t.eventCount()).toBe(events);

    const alternatives = await t.gql(`query($id: UUID!) { exerciseAlternatives(plannedExerciseId: $id, first: 5) { samePattern sharedMuscles exercise { id equipment contraindications movementPattern } } }`, { id: planned.id }, user.token);
    expect(alternatives.errors).toBeUndefined();
    const list = alternatives.data!.exerciseAlternatives;
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) {
      expect(a.exercise.id).not.toBe(planned.exercise.id);
      expect(a.exercise.equipment.every((e: string) => ['BODYWEIGHT', 'DUMBBELL', 'BENCH'].includes(e))).toBe(true);
      expect(a.exercise.contraindications).not.toContain('KNEE');
      expect(a.samePattern || a.sharedMuscles.length > 0).toBe(true);
    }
    const choice = list[0].exercise.id;
    const swapped = await t.gql(CHANGE, { i: { kind: 'SWAP_EXERCISE', plannedExerciseId: planned.id, exerciseId: choice } }, user.token);
    expect(swapped.errors).toBeUndefined();
    expect(swapped.data!.changePlan.change).toMatchObject({ kind: 'SWAP_EXERCISE', summary: expect.stringContaining('You swapped') });
    const [now] = await sessionsBetween(user.token, '2026-03-11', '2026-03-11');
    expect(now.exercises[0]).toMatchObject({ id: planned.id, exercise: { id: choice }, sets: planned.sets, loadKg: null });
  });

  it('swaps a meal item only to an allowed food, re-solves the portion to keep the meal close, and suggests alternatives', async () => {
    const user = await userWithProgram();
    const days = (await t.gql(CAL, { f: '2026-03-10', t: '2026-03-10' }, user.token)).data!.calendar;
    const meal = days[0].meals[0];
    const item = meal.items[0];
    const events = await t.gql('{ __typename }');
    expect(events.errors).toBeUndefined();
    const count = await t.eventCount();
    const peanut = await t.gql(CHANGE, { i: { kind: 'SWAP_MEAL_ITEM', plannedMealItemId: item.id, foodId: 'peanut_butter_smooth' } }, user.token);
    expect(errorOf(peanut)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.foodId', message: expect.stringContaining('peanut') });
    const chicken = await t.gql(CHANGE, { i: { kind: 'SWAP_MEAL_ITEM', plannedMealItemId: item.id, foodId: 'chicken_breast_roasted' } }, user.token);
    expect(errorOf(chicken)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.foodId', message: expect.stringContaining('vegetarian') });
    expect(await t.eventCount()).toBe(count);

    const alternatives = await t.gql(`query($id: UUID!) { foodAlternatives(plannedMealItemId: $id, first: 5) { grams kcal mealKcal food { id vegetarian allergens } } }`, { id: item.id }, user.token);
    expect(alternatives.errors).toBeUndefined();
    const list = alternatives.data!.foodAlternatives;
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) {
      expect(a.food.vegetarian).toBe(true);
      expect(a.food.allergens).not.toContain('PEANUT');
      expect(meal.items.map((i: any) => i.food.id)).not.toContain(a.food.id);
    }
    const choice = list[0];
    const swapped = await t.gql(CHANGE, { i: { kind: 'SWAP_MEAL_ITEM', plannedMealItemId: item.id, foodId: choice.food.id } }, user.token);
    expect(swapped.errors).toBeUndefined();
    const after = (await t.gql(CAL, { f: '2026-03-10', t: '2026-03-10' }, user.token)).data!.calendar[0].meals[0];
    const newItem = after.items.find((i: any) => i.id === item.id);
    expect(newItem).toMatchObject({ food: { id: choice.food.id }, grams: choice.grams });
    expect(after.kcal).toBe(choice.mealKcal);
    // The portion is solved for the meal's totals: within a quarter of the meal's energy (one item can only do so much).
    expect(Math.abs(after.kcal - meal.kcal) / meal.kcal).toBeLessThan(0.25);
  });

  it('takes a skipped session off the plan and out of adherence; an idempotent retry writes nothing', async () => {
    const user = await userWithProgram();
    const [wednesday] = await sessionsBetween(user.token, '2026-03-11', '2026-03-11');
    const first = await t.gql(CHANGE, { i: { kind: 'SKIP_SESSION', sessionId: wednesday.id }, k: 'skip-wed' }, user.token);
    expect(first.errors).toBeUndefined();
    const events = await t.eventCount();
    const retry = await t.gql(CHANGE, { i: { kind: 'SKIP_SESSION', sessionId: wednesday.id }, k: 'skip-wed' }, user.token);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.changePlan.change).toEqual(first.data!.changePlan.change);
    expect(await t.eventCount()).toBe(events);
    expect(await sessionsBetween(user.token, '2026-03-11', '2026-03-11')).toEqual([]);

    // Wednesday is over and swept: its meals are skipped, the session that was taken off is not.
    t.clock.set('2026-03-12T06:00:00.000Z');
    await runSkipSweep(t.services, t.clock.now());
    const report = await t.gql(`query { adherence(from: "2026-03-11", to: "2026-03-11") { records { plannedId kind status } } }`, {}, user.token);
    expect(report.errors).toBeUndefined();
    const records = report.data!.adherence.records;
    expect(records.filter((r: any) => r.kind === 'meal').length).toBeGreaterThan(0);
    expect(records.some((r: any) => r.plannedId === wednesday.id || r.kind === 'session')).toBe(false);
  });

  it('rebuilds to the same read models across plan changes and a reassessment', async () => {
    const user = await userWithProgram();
    const { incremental, rebuilt } = await rebuildMatchesIncremental(t.db, t.services.registry, async () => {
      const sessions = await sessionsBetween(user.token, '2026-03-09', '2026-03-22');
      const [a, b, c] = sessions.filter((s: any) => s.date >= '2026-03-10');
      expect((await t.gql(CHANGE, { i: { kind: 'RESCHEDULE_SESSION', sessionId: a.id, toDate: '2026-03-10' } }, user.token)).errors).toBeUndefined();
      expect((await t.gql(CHANGE, { i: { kind: 'SKIP_SESSION', sessionId: b.id } }, user.token)).errors).toBeUndefined();
      const alt = (await t.gql(`query($id: UUID!) { exerciseAlternatives(plannedExerciseId: $id, first: 1) { exercise { id } } }`, { id: c.exercises[1].id }, user.token)).data!.exerciseAlternatives[0];
      expect((await t.gql(CHANGE, { i: { kind: 'SWAP_EXERCISE', plannedExerciseId: c.exercises[1].id, exerciseId: alt.exercise.id } }, user.token)).errors).toBeUndefined();
      const meal = (await t.gql(CAL, { f: '2026-03-12', t: '2026-03-12' }, user.token)).data!.calendar[0].meals[1];
      const food = (await t.gql(`query($id: UUID!) { foodAlternatives(plannedMealItemId: $id, first: 1) { food { id } } }`, { id: meal.items[0].id }, user.token)).data!.foodAlternatives[0];
      expect((await t.gql(CHANGE, { i: { kind: 'SWAP_MEAL_ITEM', plannedMealItemId: meal.items[0].id, foodId: food.food.id }, v: 3 }, user.token)).errors).toBeUndefined();
      const later = user.generated.bundle.meals.filter((m) => m.date >= '2026-03-23');
      await appendReassessment(user, 4, { ...EMPTY_DIFF, meals: later.map((m) => scaled(m, 0.95)), targets: { from: '2026-03-23', targets: { ...user.generated.targets, targetKcal: user.generated.targets.targetKcal - 80 } } }, '2026-03-23');
    });
    expect(rebuilt).toEqual(incremental);
    expect((incremental.programs as any[])[0]).toMatchObject({ version: 5 });
    const history = (await t.gql(HISTORY, { id: user.programId, first: 10 }, user.token)).data!.planChanges;
    expect(history.edges.map((e: any) => e.node.actor)).toEqual(['GENERATOR', 'PERSON', 'PERSON', 'PERSON', 'PERSON', 'REASSESSMENT']);
    // Every version folds from the log to what the read models held then; the newest to what they hold now.
    const now = await t.gql(CAL, { f: '2026-03-09', t: '2026-04-05' }, user.token);
    const folded = await t.gql(`query($id: UUID!) { program(id: $id, asOfVersion: 5) { days(from: "2026-03-09", to: "2026-04-05") { date targets { kcal proteinG }
      sessions { id date name exercises { id position sets loadKg exercise { id } } } meals { id slot kcal items { id grams kcal food { id } } } } } }`, { id: user.programId }, user.token);
    expect(folded.errors).toBeUndefined();
    const withPlan = now.data!.calendar.map((d: any) => ({ ...d }));
    const foldedDays = folded.data!.program.days;
    expect(foldedDays.map((d: any) => d.sessions)).toEqual(withPlan.map((d: any) => d.sessions));
    expect(foldedDays.map((d: any) => d.meals)).toEqual(withPlan.map((d: any) => d.meals));
    expect(foldedDays.map((d: any) => d.targets)).toEqual(withPlan.map((d: any) => d.targets));
  });
});

const EMPTY_DIFF: PlanDiff = { sessions: [], meals: [], removedSessionIds: [], targets: null };

describe('planChanged', () => {
  it('carries a plan change\'s explanation, and null for other events', async () => {
    t.clock.set('2026-03-09T09:00:00.000Z');
    const user = await userWithProgram();
    const client = t.ws({ Authorization: `Bearer ${user.token}` });
    const seen: Array<{ type: string; streamId: string; streamVersion: number; explanation: any }> = [];
    const stop = client.subscribe({ query: 'subscription { planChanged { type streamId streamVersion explanation { actor summary reasons { code } } } }' }, {
      next: (value: any) => { seen.push(value.data.planChanged); },
      error: (error) => { throw error; },
      complete: () => undefined,
    });
    const until = async (found: () => boolean, ms: number): Promise<boolean> => {
      const deadline = Date.now() + ms;
      while (!found() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return found();
    };
    // Live once one of my events arrives (no guess at how long the subscription takes to start).
    let live = false;
    for (let attempt = 0; attempt < 15 && !live; attempt++) {
      const started = await t.gql('mutation { startConsultation(input: { heightCm: 170 }) { id } }', {}, user.token);
      const streamId = `consultation-${started.data!.startConsultation.id}`;
      live = await until(() => seen.some((s) => s.streamId === streamId), 1000);
    }
    expect(live).toBe(true);
    const [wednesday] = await sessionsBetween(user.token, '2026-03-11', '2026-03-11');
    const skipped = await t.gql(CHANGE, { i: { kind: 'SKIP_SESSION', sessionId: wednesday.id } }, user.token);
    expect(skipped.errors).toBeUndefined();
    expect(await until(() => seen.some((s) => s.type === 'PlanChangedByPerson'), 10_000)).toBe(true);
    stop();
    expect(seen.find((s) => s.type === 'PlanChangedByPerson')).toEqual({
      type: 'PlanChangedByPerson', streamId: `program-${user.programId}`, streamVersion: 1,
      explanation: { actor: 'PERSON', summary: skipped.data!.changePlan.change.summary, reasons: [{ code: 'SKIPPED_BY_YOU' }] },
    });
    expect(seen.filter((s) => s.type !== 'PlanChangedByPerson').every((s) => s.explanation === null)).toBe(true);
  });
});

describe('round trips', () => {
  it('folds a calendar as of an instant in one statement for a week or a quarter, and a change with two reads besides its transaction', async () => {
    t.clock.set('2026-03-09T09:00:00.000Z');
    const user = await userWithProgram();
    const [wednesday] = await sessionsBetween(user.token, '2026-03-11', '2026-03-11');
    const change = await countStatements(t.db, () => t.gql(CHANGE, { i: { kind: 'SKIP_SESSION', sessionId: wednesday.id } }, user.token));
    expect(change.result.errors).toBeUndefined();
    const asOf = CAL.replace('calendar(from: $f, to: $t)', 'calendar(from: $f, to: $t, asOf: $a)').replace('$t: LocalDate!)', '$t: LocalDate!, $a: DateTimeISO)');
    const a = new Date(Date.now() + 60_000).toISOString();
    const week = await countStatements(t.db, () => t.gql(asOf, { f: '2026-03-09', t: '2026-03-15', a }, user.token));
    const quarter = await countStatements(t.db, () => t.gql(asOf, { f: '2026-03-02', t: '2026-06-01', a }, user.token));
    expect(week.result.errors).toBeUndefined();
    expect(quarter.result.errors).toBeUndefined();
    expect(week.count).toBe(1);
    expect(quarter.count).toBe(1);
    // Outside the command's transaction (countStatements does not see inside one): the item's program, and the answer's program row.
    expect(change.count).toBe(2);
  });
});
