import { randomUUID } from 'node:crypto';
import { resetData } from '../../src/core/testing/testDatabase';
import { startTestServer, TestServer } from '../support/testServer';

/** Hardening issue, point 4: valid answers build a program; truly impossible ones say what is missing. */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());
beforeEach(async () => {
  await resetData(t.db);
  t.clock.set('2026-03-02T09:00:00.000Z');
});

/** The 22-year-old 60 kg man gaining 0.5 %/week. */
const ANSWERS = {
  sex: 'MALE', birthDate: '2004-01-20', heightCm: 175, weightKg: 60, goal: 'MUSCLE_GAIN', targetRatePctPerWeek: 0.5,
  experience: 'BEGINNER', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 60,
  equipment: ['DUMBBELL', 'BENCH'], injuries: [], activityLevel: 'MODERATE', dietType: 'OMNIVORE', allergies: [],
  mealsPerDay: 3, timeZone: 'Europe/London', startDate: '2026-03-02', programWeeks: 8,
};

async function complete(answers: Record<string, unknown>) {
  const token = await t.token(randomUUID());
  const started = await t.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: answers }, token);
  expect(started.errors).toBeUndefined();
  const id = started.data!.startConsultation.id;
  const done = await t.gql(
    `mutation($id: UUID!) { completeConsultation(id: $id) { program { id targets { kcal proteinG } } } }`,
    { id },
    token,
  );
  return { token, id, done };
}

describe('meal plans over HTTP', () => {
  it('a 60 kg man gaining 0.5 %/week gets a program (no "cannot build Dinner")', async () => {
    const { done } = await complete(ANSWERS);
    expect(done.errors).toBeUndefined();
    expect(done.data!.completeConsultation.program.targets).toMatchObject({ proteinG: 96 });
  });

  it('a vegan allergic to soy and gluten on a steep fat loss is refused with the missing food group and field', async () => {
    const { token, id, done } = await complete({
      ...ANSWERS, weightKg: 80, heightCm: 180, goal: 'FAT_LOSS', targetRatePctPerWeek: 1, dietType: 'VEGAN', allergies: ['SOY', 'GLUTEN'],
    });
    expect(done.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.allergies' });
    expect(done.errors?.[0].message).toMatch(/no (breakfast|main-meal|snack) protein food that fits a vegan diet with soy and gluten allergies/);
    // Nothing was written: the consultation is still in progress and there is no program.
    const after = await t.gql(`query($id: UUID!) { consultation(id: $id) { status } currentProgram { id } }`, { id }, token);
    expect(after.data).toEqual({ consultation: { status: 'IN_PROGRESS' }, currentProgram: null });
  });
});
