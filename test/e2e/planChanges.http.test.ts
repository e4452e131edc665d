import { randomUUID } from 'node:crypto';
import { resetData } from '../../src/core/testing/testDatabase';
import { rebuildMatchesIncremental } from '../../src/core/testing/rebuildCheck';
import { programsStream, ProgramGeneratedData, StoredMeal } from '../../src/programs/program';
import { programStream, PlanDiff, ReassessmentAppliedData } from '../../src/programs/planChange.contracts';
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

export const ANSWERS = {
  sex: 'FEMALE', birthDate: '1992-05-10', heightCm: 168, weightKg: 64, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['DUMBBELL', 'BENCH'], injuries: ['KNEE'], activityLevel: 'MODERATE',
  dietType: 'VEGETARIAN', allergies: ['PEANUT'], mealsPerDay: 3, timeZone: 'Europe/London', startDate: '2026-03-02', programWeeks: 8,
};

async function userWithProgram(answers: Record<string, unknown> = ANSWERS) {
  const userId = randomUUID();
  const token = await t.token(userId);
  const started = await t.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: answers }, token);
  expect(started.errors).toBeUndefined();
  const done = await t.gql(`mutation($id: UUID!) { completeConsultation(id: $id) { program { id } } }`, { id: started.data!.startConsultation.id }, token);
  expect(done.errors).toBeUndefined();
  const programId: string = done.data!.completeConsultation.program.id;
  const [generated] = await t.services.store.readStream(programsStream(userId));
  return { userId, token, programId, generated: generated.data as ProgramGeneratedData };
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
