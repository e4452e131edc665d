import { randomUUID } from 'node:crypto';
import { resetData } from '../../src/core/testing/testDatabase';
import { rebuildMatchesIncremental } from '../../src/core/testing/rebuildCheck';
import { startTestServer, TestServer } from '../support/testServer';

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
  const token = await t.token(randomUUID());
  const started = await t.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: answers }, token);
  expect(started.errors).toBeUndefined();
  const id = started.data!.startConsultation.id;
  const done = await t.gql(`mutation($id: UUID!) { completeConsultation(id: $id) { consultation { status } program { ${PROGRAM} } } }`, { id }, token);
  expect(done.errors).toBeUndefined();
  return { token, consultationId: id, program: done.data!.completeConsultation.program };
}

const CALENDAR = `query($from: LocalDate!, $to: LocalDate!) { calendar(from: $from, to: $to) {
  date targets { kcal proteinG }
  sessions { id name focus isDeload estimatedMinutes exercises { position sets repsMin repsMax targetRir restSeconds loadKg exercise { id name equipment } } }
  meals { id slot name kcal proteinG items { grams kcal food { id name allergens } } }
} }`;

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
      for (const meal of day.meals) for (const item of meal.items) expect(item.food.allergens).not.toContain('peanut');
      for (const session of day.sessions) {
        expect(session.exercises.length).toBeGreaterThan(0);
        expect(session.estimatedMinutes).toBeLessThanOrEqual(60);
      }
    }
    const current = await t.gql(`{ currentProgram { id } }`, {}, token);
    expect(current.data!.currentProgram.id).toBe(program.id);
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
    // The request reads as the caller (row-level security): count what goes through asUser.
    const original = t.db.sql.asUser.bind(t.db.sql);
    let statements = 0;
    t.db.sql.asUser = (userId: string) => {
      const scoped = original(userId);
      return {
        ...scoped,
        query: ((text: string, params?: readonly unknown[]) => {
          statements++;
          return scoped.query(text, params);
        }) as typeof scoped.query,
      };
    };
    try {
      statements = 0;
      const short = await t.gql(CALENDAR, { from: '2026-03-02', to: '2026-03-08' }, token);
      const shortCount = statements;
      statements = 0;
      const long = await t.gql(CALENDAR, { from: '2026-03-02', to: '2026-05-24' }, token);
      const longCount = statements;
      expect(short.errors).toBeUndefined();
      expect(long.errors).toBeUndefined();
      expect(long.data!.calendar.filter((d: any) => d.sessions.length > 0)).toHaveLength(48);
      expect(longCount).toBe(shortCount);
      expect(shortCount).toBe(6); // events, sessions, meals, programs, exercises, meal items
    } finally {
      t.db.sql.asUser = original;
    }
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
