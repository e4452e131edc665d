import { randomUUID } from 'node:crypto';
import { resetData } from '../../src/core/testing/testDatabase';
import { rebuildMatchesIncremental } from '../../src/core/testing/rebuildCheck';
import { countStatements as countRequestStatements, startTestServer, TestServer } from '../support/testServer';
import { EXERCISES } from '../../src/reference/exercises.data';
import { EventStore } from '../../src/core/eventStore/eventStore';
import { handle } from '../../src/core/commandHandler';
import { consultationStream } from '../../src/consultations/consultation';
import { consultationDecider } from '../../src/consultations/consultation.decide';

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
  sex: 'MALE', birthDate: '1996-01-20', heightCm: 180, weightKg: 80, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 4, preferredWeekdays: ['MONDAY', 'TUESDAY', 'THURSDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['BARBELL', 'DUMBBELL', 'BENCH', 'CABLE', 'MACHINE', 'PULLUP_BAR'], injuries: [], activityLevel: 'MODERATE',
  dietType: 'OMNIVORE', allergies: ['PEANUT'], mealsPerDay: 4, timeZone: 'Europe/London', startDate: '2026-03-02', programWeeks: 12,
};

const PROGRAM = 'id status startDate endDate weeks split nextReassessmentDate supersededFrom targets { kcal proteinG carbsG fatG fibreG bmrKcal tdeeKcal }';

async function completedUser(answers: Record<string, unknown> = ANSWERS) {
  const userId = randomUUID();
  const token = await t.token(userId);
  const started = await t.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: answers }, token);
  expect(started.errors).toBeUndefined();
  const id = started.data!.startConsultation.id;
  const done = await t.gql(`mutation($id: UUID!) { completeConsultation(id: $id) { consultation { status } program { ${PROGRAM} } } }`, { id }, token);
  expect(done.errors).toBeUndefined();
  return { userId, token, consultationId: id, program: done.data!.completeConsultation.program };
}

const CALENDAR = `query($from: LocalDate!, $to: LocalDate!) { calendar(from: $from, to: $to) {
  date targets { kcal proteinG }
  sessions { id name focus isDeload estimatedMinutes exercises { position sets repsMin repsMax targetRir restSeconds loadKg exercise { id name equipment } } }
  meals { id slot name kcal proteinG items { grams kcal food { id name allergens } } }
} }`;

const countStatements = <T>(run: () => Promise<T>) => countRequestStatements(t.db, run);

describe('programs over HTTP', () => {
  it('completing a consultation generates a program and lays it on the calendar', async () => {
    const { token, program } = await completedUser();
    expect(program).toMatchObject({ status: 'ACTIVE', startDate: '2026-03-02', endDate: '2026-05-24', weeks: 12, nextReassessmentDate: '2026-03-16' });
    expect(program.targets.kcal).toBeGreaterThan(1500);

    const week = await t.gql(CALENDAR, { from: '2026-03-02', to: '2026-03-08' }, token);
    expect(week.errors).toBeUndefined();
    const days = week.data!.calendar;
    expect(days).toHaveLength(7);
    // Monday, Tuesday, Thursday, Friday train.
    expect(days.map((d: any) => d.sessions.length)).toEqual([1, 1, 0, 1, 1, 0, 0]);
    for (const day of days) {
      expect(day.meals).toHaveLength(4);
      expect(day.targets.kcal).toBe(program.targets.kcal);
      for (const meal of day.meals) for (const item of meal.items) expect(item.food.allergens).not.toContain('PEANUT');
      for (const session of day.sessions) {
        expect(session.exercises.length).toBeGreaterThan(0);
        expect(session.estimatedMinutes).toBeLessThanOrEqual(60);
      }
    }
    const current = await t.gql(`{ currentProgram { id } }`, {}, token);
    expect(current.data!.currentProgram.id).toBe(program.id);
  });

  it('says when the calorie floor holds the target up, with the rate the person will actually get', async () => {
    // Issue #10: 140 kg, sedentary, asking for 1 %/week. BMR 2330 (the floor), TDEE 2796: 2330 kcal
    // gives -466 kcal/day = -0.303 % of 140 kg a week, not -1 %.
    const RATES = 'kcal tdeeKcal floorApplied requestedRatePctPerWeek expectedRatePctPerWeek';
    const { token, program } = await completedUser({ ...ANSWERS, birthDate: '1986-01-20', weightKg: 140, activityLevel: 'SEDENTARY', targetRatePctPerWeek: 1 });
    const read = await t.gql(`query($id: UUID!) { program(id: $id) { warnings targets { ${RATES} } targetsHistory { targets { ${RATES} } } } }`, { id: program.id }, token);
    expect(read.errors).toBeUndefined();
    const held = { kcal: 2330, tdeeKcal: 2796, floorApplied: true, requestedRatePctPerWeek: -1, expectedRatePctPerWeek: -0.303 };
    expect(read.data!.program.targets).toEqual(held);
    expect(read.data!.program.targetsHistory).toEqual([{ targets: held }]);
    expect(read.data!.program.warnings).toEqual([
      'The rate you asked for (a loss of 1 % of body weight a week) needs fewer calories than the safe minimum, so your target is held at 2330 kcal a day: expect a loss of 0.3 % of body weight a week instead.',
    ]);
    const day = await t.gql(`{ calendar(from: "2026-03-02", to: "2026-03-02") { targets { expectedRatePctPerWeek } } }`, {}, token);
    expect(day.data!.calendar[0].targets.expectedRatePctPerWeek).toBe(-0.303);

    // A rate within reach: the expected rate is the requested one, and there is nothing to warn about.
    const free = await completedUser();
    const freeRead = await t.gql(`query($id: UUID!) { program(id: $id) { warnings targets { requestedRatePctPerWeek expectedRatePctPerWeek floorApplied } } }`, { id: free.program.id }, free.token);
    expect(freeRead.data!.program.warnings).toEqual([]);
    expect(freeRead.data!.program.targets.requestedRatePctPerWeek).toBe(-0.5);
    expect(Math.abs(freeRead.data!.program.targets.expectedRatePctPerWeek + 0.5)).toBeLessThan(0.002);
  });

  it('starts loads from the estimated 1RM of the lifts the user gave', async () => {
    const { token } = await completedUser({ ...ANSWERS, lifts: [{ exerciseId: 'barbell_back_squat', weightKg: 100, reps: 5 }] });
    const weeks = await t.gql(`{ calendar(from: "2026-03-02", to: "2026-03-29") { sessions { exercises { loadKg targetRir repsMax exercise { id } } } } }`, {}, token);
    const squats = weeks.data!.calendar.flatMap((d: any) => d.sessions.flatMap((s: any) => s.exercises)).filter((e: any) => e.exercise.id === 'barbell_back_squat');
    expect(squats.length).toBeGreaterThan(0);
    for (const squat of squats) {
      // Epley: 100 kg x 5 -> 1RM 116.7 kg; the load for r reps at k RIR is below it and a multiple of 2.5.
      expect(squat.loadKg).toBeGreaterThan(50);
      expect(squat.loadKg).toBeLessThan(116.7);
      expect((squat.loadKg * 2) % 5).toBe(0);
    }
    const others = weeks.data!.calendar.flatMap((d: any) => d.sessions.flatMap((s: any) => s.exercises)).filter((e: any) => e.exercise.id !== 'barbell_back_squat');
    expect(others.every((e: any) => e.loadKg === null)).toBe(true);
  });

  it('reads a 7-day and an 84-day calendar with the same number of SQL statements', async () => {
    const { token } = await completedUser();
    const short = await countStatements(() => t.gql(CALENDAR, { from: '2026-03-02', to: '2026-03-08' }, token));
    const long = await countStatements(() => t.gql(CALENDAR, { from: '2026-03-02', to: '2026-05-24' }, token));
    expect(short.result.errors).toBeUndefined();
    expect(long.result.errors).toBeUndefined();
    expect(long.result.data!.calendar.filter((d: any) => d.sessions.length > 0)).toHaveLength(48);
    expect(long.count).toBe(short.count);
    expect(short.count).toBe(6); // events, sessions, meals, programs, exercises, meal items
  });

  it("walks a program's 7 or 84 days, and every program's sessions and meals, with the same number of SQL statements", async () => {
    const { token, program } = await completedUser();
    const DAYS = `query($id: UUID!, $to: LocalDate!) { program(id: $id) { consultation { id } days(from: "2026-03-02", to: $to) {
      date targets { kcal } sessions { id exercises { sets exercise { id } } } meals { id items { grams food { id } } } } } }`;
    const PROGRAMS = `{ me { programs(first: 2) { id consultation { id } sessions { id exercises { sets } } meals { id items { grams } } } } }`;
    const short = await countStatements(() => t.gql(DAYS, { id: program.id, to: '2026-03-08' }, token));
    const long = await countStatements(() => t.gql(DAYS, { id: program.id, to: '2026-05-24' }, token));
    expect(short.result.errors).toBeUndefined();
    expect(long.result.data!.program.days.filter((d: any) => d.sessions.length > 0)).toHaveLength(48);
    expect(long.count).toBe(short.count);
    // program, sessions, meals, exercises, meal items; the consultations come through Prisma, one batched findMany
    expect(short.count).toBe(5);

    const one = await countStatements(() => t.gql(PROGRAMS, {}, token));
    t.clock.set('2026-03-20T09:00:00.000Z');
    expect((await t.gql(`mutation { generateProgram(input: { startDate: "2026-03-23", weeks: 8 }) { id } }`, {}, token)).errors).toBeUndefined();
    const two = await countStatements(() => t.gql(PROGRAMS, {}, token));
    expect(one.result.errors).toBeUndefined();
    expect(two.result.data!.me.programs).toHaveLength(2);
    expect(two.result.data!.me.programs[1].sessions).toHaveLength(48);
    expect(two.count).toBe(one.count);
    expect(one.count).toBe(5); // programs, sessions, meals, exercises, meal items
  });

  it('refuses a calendar longer than 92 days or reversed, naming the field', async () => {
    const { token } = await completedUser();
    const long = await t.gql(CALENDAR, { from: '2026-03-02', to: '2026-06-30' }, token);
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const reversed = await t.gql(CALENDAR, { from: '2026-03-08', to: '2026-03-02' }, token);
    expect(reversed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('generateProgram supersedes the current program from its start date; the past is locked', async () => {
    const { token, program } = await completedUser();
    t.clock.set('2026-03-20T09:00:00.000Z');
    const past = await t.gql(`mutation { generateProgram(input: { startDate: "2026-03-10", weeks: 8 }) { id } }`, {}, token);
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.startDate' });

    const next = await t.gql(`mutation { generateProgram(input: { startDate: "2026-03-23", weeks: 8 }) { ${PROGRAM} } }`, {}, token);
    expect(next.errors).toBeUndefined();
    expect(next.data!.generateProgram).toMatchObject({ status: 'ACTIVE', startDate: '2026-03-23', weeks: 8 });
    const old = await t.gql(`query($id: UUID!) { program(id: $id) { status supersededFrom } }`, { id: program.id }, token);
    expect(old.data!.program).toEqual({ status: 'SUPERSEDED', supersededFrom: '2026-03-23' });
    // Days before the new start keep the old program; from it on, only the new one.
    const around = await t.gql(`{ calendar(from: "2026-03-19", to: "2026-03-24") { date sessions { programId } meals { programId } } }`, {}, token);
    for (const day of around.data!.calendar) {
      const ids = new Set([...day.sessions, ...day.meals].map((x: any) => x.programId));
      expect([...ids]).toEqual([day.date < '2026-03-23' ? program.id : next.data!.generateProgram.id]);
    }
  });

  it("another user's program answers NOT_FOUND and is absent from their calendar", async () => {
    const a = await completedUser();
    const other = await t.token(randomUUID());
    const read = await t.gql(`query($id: UUID!) { program(id: $id) { id } }`, { id: a.program.id }, other);
    expect(read.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const cal = await t.gql(CALENDAR, { from: '2026-03-02', to: '2026-03-08' }, other);
    expect(cal.data!.calendar.every((d: any) => d.sessions.length === 0 && d.meals.length === 0)).toBe(true);
  });

  it('rebuilds every program projection to what the incremental projections wrote', async () => {
    const { incremental, rebuilt } = await rebuildMatchesIncremental(t.db, t.services.registry, async () => {
      const { token } = await completedUser();
      await completedUser({ ...ANSWERS, dietType: 'VEGAN', allergies: ['SOY'], mealsPerDay: 3, trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], equipment: [] });
      t.clock.set('2026-03-20T09:00:00.000Z');
      const next = await t.gql(`mutation { generateProgram(input: { startDate: "2026-03-23", weeks: 6 }) { id } }`, {}, token);
      expect(next.errors).toBeUndefined();
    });
    for (const table of ['programs', 'session_instances', 'exercise_plan_items', 'meal_instances', 'meal_item_plan', 'calendar_events']) {
      expect(incremental[table].length).toBeGreaterThan(0);
    }
    expect(rebuilt).toEqual(incremental);
  });
});

const COMPLETE = `mutation($id: UUID!, $key: String) { completeConsultation(id: $id, idempotencyKey: $key) { consultation { status version completedAt } program { ${PROGRAM} } } }`;

async function startedUser(answers: Record<string, unknown> = ANSWERS) {
  const userId = randomUUID();
  const token = await t.token(userId);
  const started = await t.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: answers }, token);
  expect(started.errors).toBeUndefined();
  return { userId, token, consultationId: started.data!.startConsultation.id as string };
}

const typesOf = async (userId: string) =>
  (await t.db.sql.query<{ t: string }>('SELECT event_type AS t FROM plan_change_events WHERE user_id = $1 ORDER BY global_position', [userId])).rows.map((r) => r.t);

/** What an older server left behind when it died between its two transactions: completed, no program. */
async function completeWithoutProgram(userId: string, consultationId: string, idempotencyKey?: string) {
  await handle(t.services.store, consultationStream(consultationId), consultationDecider, { type: 'CompleteConsultation', consultationId }, {
    userId, now: t.clock.now().toISOString(), lookups: t.services.lookups, idempotencyKey,
    request: { operation: 'completeConsultation', args: { id: consultationId } },
  });
}

describe('idempotent program generation', () => {
  it('generateProgram with key A, then B, then A again answers A as it was first', async () => {
    const { token, userId } = await completedUser();
    const generate = (startDate: string, key: string) =>
      t.gql(`mutation($d: LocalDate!, $k: String) { generateProgram(input: { startDate: $d, weeks: 8 }, idempotencyKey: $k) { ${PROGRAM} } }`, { d: startDate, k: key }, token);
    const a = await generate('2026-03-09', 'key-a');
    expect(a.errors).toBeUndefined();
    const b = await generate('2026-03-16', 'key-b');
    expect(b.errors).toBeUndefined();
    // A later completed consultation does not change what the key answers either.
    const again = await t.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: { ...ANSWERS, weightKg: 78 } }, token);
    const done = await t.gql(`mutation($id: UUID!) { completeConsultation(id: $id) { program { id } } }`, { id: again.data!.startConsultation.id }, token);
    expect(done.errors).toBeUndefined();
    const types = await typesOf(userId);
    const aAgain = await generate('2026-03-09', 'key-a');
    expect(aAgain).toEqual(a);
    expect(aAgain.data!.generateProgram).toMatchObject({ status: 'ACTIVE', supersededFrom: null });
    expect(await typesOf(userId)).toEqual(types);
    const now = await t.gql(`query($id: UUID!) { program(id: $id) { status } }`, { id: a.data!.generateProgram.id }, token);
    expect(now.data!.program.status).toBe('SUPERSEDED');
  });
});

describe('completion is one atomic step', () => {
  it('a failure while storing the program leaves nothing of the completion either; a retry succeeds', async () => {
    const { userId, token, consultationId } = await startedUser();
    const store = t.services.store;
    t.services.store = new EventStore(t.db.sql, async (events, tx) => {
      await t.services.registry.apply(events, tx);
      if (events.some((e) => e.type === 'ProgramGenerated')) throw new Error('injected failure after the completion was projected');
    });
    try {
      const failed = await t.gql(COMPLETE, { id: consultationId }, token);
      expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      t.services.store = store;
    }
    expect(await typesOf(userId)).toEqual(['ProfileRegistered', 'ConsultationStarted']);
    const read = await t.gql(`query($id: UUID!) { consultation(id: $id) { status version } }`, { id: consultationId }, token);
    expect(read.data!.consultation).toEqual({ status: 'IN_PROGRESS', version: 1 });

    const retry = await t.gql(COMPLETE, { id: consultationId }, token);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.completeConsultation).toMatchObject({ consultation: { status: 'COMPLETED', version: 2 }, program: { status: 'ACTIVE' } });
    expect(await typesOf(userId)).toEqual(['ProfileRegistered', 'ConsultationStarted', 'ConsultationCompleted', 'ProgramGenerated']);
  });

  it('a retry finishes a completion an older server left without its program', async () => {
    const { userId, token, consultationId } = await startedUser();
    await completeWithoutProgram(userId, consultationId);
    const retry = await t.gql(COMPLETE, { id: consultationId }, token);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.completeConsultation).toMatchObject({
      consultation: { status: 'COMPLETED', version: 2, completedAt: '2026-03-02T09:00:00.000Z' },
      program: { status: 'ACTIVE', startDate: '2026-03-02' },
    });
    // Once finished, a completion without a key is refused like any change to a completed consultation.
    const twice = await t.gql(COMPLETE, { id: consultationId }, token);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
    expect(await typesOf(userId)).toEqual(['ProfileRegistered', 'ConsultationStarted', 'ConsultationCompleted', 'ProgramGenerated']);
  });

  it('a retry with the key of a half-done completion finishes it, and then replays it', async () => {
    const { userId, token, consultationId } = await startedUser();
    await completeWithoutProgram(userId, consultationId, 'half-done');
    const retry = await t.gql(COMPLETE, { id: consultationId, key: 'half-done' }, token);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.completeConsultation.program).toMatchObject({ status: 'ACTIVE' });
    const again = await t.gql(COMPLETE, { id: consultationId, key: 'half-done' }, token);
    expect(again).toEqual(retry);
    expect(await typesOf(userId)).toEqual(['ProfileRegistered', 'ConsultationStarted', 'ConsultationCompleted', 'ProgramGenerated']);
  });

  it('eight concurrent completions with one key store one program and all answer it', async () => {
    const { userId, token, consultationId } = await startedUser();
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.gql(COMPLETE, { id: consultationId, key: 'same' }, token)));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0].errors).toBeUndefined();
    expect(await typesOf(userId)).toEqual(['ProfileRegistered', 'ConsultationStarted', 'ConsultationCompleted', 'ProgramGenerated']);
  });

  it('eight concurrent completions without a key: one completes with its program, the others get CONFLICT', async () => {
    const { userId, token, consultationId } = await startedUser();
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.gql(COMPLETE, { id: consultationId }, token)));
    const codes = answers.map((a) => a.errors?.[0].extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    expect(await typesOf(userId)).toEqual(['ProfileRegistered', 'ConsultationStarted', 'ConsultationCompleted', 'ProgramGenerated']);
  });

  it('refuses, before anything is written, answers no program can be built from', async () => {
    const bodyweightOnly = EXERCISES.filter((e) => e.equipment.every((q) => q === 'bodyweight')).map((e) => e.id);
    const { userId, token, consultationId } = await startedUser({ ...ANSWERS, equipment: [], excludedExercises: bodyweightOnly });
    const answer = await t.gql(COMPLETE, { id: consultationId }, token);
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consultation' });
    expect(await typesOf(userId)).toEqual(['ProfileRegistered', 'ConsultationStarted']);
  });
});
