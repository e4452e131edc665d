import { createHash } from 'node:crypto';
import { appErrorOf, scenario } from '../core/testing/givenWhenThen';
import type { ConsultationAnswers } from '../consultations/consultation';
import { GENERATOR_VERSION, ProgramEvent, ProgramGeneratedData } from './program';
import { programDecider } from './program.decide';
import { generateProgram } from './program.generate';

const USER = '11111111-1111-4111-8111-111111111111';
const NOW = '2026-03-02T09:00:00.000Z';
const context = { now: NOW, userId: USER, lookups: undefined };

export const GOLDEN_ANSWERS: ConsultationAnswers = {
  sex: 'MALE', birthDate: '1996-01-20', heightCm: 180, weightKg: 80, bodyFatPct: null, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 5, preferredWeekdays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'FRIDAY', 'SATURDAY'],
  sessionMinutes: 75, equipment: ['barbell', 'dumbbell', 'bench', 'cable', 'machine', 'pullup_bar'], injuries: [], excludedExercises: [],
  activityLevel: 'MODERATE', dietType: 'OMNIVORE', allergies: [], excludedFoods: [], mealsPerDay: 5, timeZone: 'Europe/London',
  startDate: '2026-03-02', programWeeks: 12, lifts: [],
};

const command = (overrides: Partial<{ startDate: string; weeks: number; programId: string }> = {}) => ({
  type: 'GenerateProgram' as const,
  programId: '22222222-2222-4222-8222-222222222222',
  consultationId: '33333333-3333-4333-8333-333333333333',
  answers: GOLDEN_ANSWERS,
  startDate: '2026-03-02',
  weeks: 12,
  ...overrides,
});

const generated = (data: Partial<ProgramGeneratedData>): ProgramEvent => ({
  type: 'ProgramGenerated',
  data: { programId: 'p-old', consultationId: 'c', startDate: '2026-02-02', endDate: '2026-04-26', ...data } as ProgramGeneratedData,
});

describe('GenerateProgram', () => {
  it('generates one ProgramGenerated event with the whole bundle', () => {
    const [event] = scenario(programDecider, context).given().when(command());
    expect(event.type).toBe('ProgramGenerated');
    expect(event.data).toMatchObject({ startDate: '2026-03-02', endDate: '2026-05-24', weeks: 12, nextReassessmentDate: '2026-03-16', supersedes: null, generatorVersion: GENERATOR_VERSION });
    expect(event.data.bundle.sessions).toHaveLength(60);
    expect(event.data.bundle.meals).toHaveLength(84 * 5);
    const ids = [...event.data.bundle.sessions.map((s) => s.id), ...event.data.bundle.meals.map((m) => m.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('supersedes the current program from the new start date, when the current one is still running', () => {
    const [event] = scenario(programDecider, context).given(generated({})).when(command());
    expect(event.data.supersedes).toEqual({ programId: 'p-old', from: '2026-03-02' });
    const [after] = scenario(programDecider, context).given(generated({ endDate: '2026-03-01' })).when(command());
    expect(after.data.supersedes).toBeNull();
  });

  it.each([
    ['a start date in the past (the past is locked)', { startDate: '2026-03-01' }, 'input.startDate'],
    ['a start date more than 90 days ahead', { startDate: '2026-07-01' }, 'input.startDate'],
    ['a malformed start date', { startDate: '2026-13-01' }, 'input.startDate'],
    ['3 weeks', { weeks: 3 }, 'input.weeks'],
    ['25 weeks', { weeks: 25 }, 'input.weeks'],
  ])('refuses %s', (_name, overrides, field) => {
    const error = appErrorOf(() => scenario(programDecider, context).given().when(command(overrides)));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses answers no meal can be built from, naming the missing foods and the answer that removed them', () => {
    // Fat loss at 1 %/week: 164 g protein in 1879 kcal (the 35 % cap); no soy- and gluten-free vegan
    // protein food is that dense next to a grain and a vegetable (lentils, the densest, are 31 %).
    const answers: ConsultationAnswers = {
      ...GOLDEN_ANSWERS, targetRatePctPerWeek: 1, dietType: 'VEGAN', allergies: ['soy', 'gluten'],
    };
    const error = appErrorOf(() => scenario(programDecider, context).given().when({ ...command(), answers }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.allergies' });
    expect(error.message).toMatch(/no (breakfast|main-meal|snack) protein food that fits a vegan diet with soy and gluten allergies/);
  });
});

describe('the generator (golden)', () => {
  const args = { programId: '22222222-2222-4222-8222-222222222222', userId: USER, consultationId: '33333333-3333-4333-8333-333333333333', answers: GOLDEN_ANSWERS, startDate: '2026-03-02', weeks: 12, at: NOW, supersedes: null };

  it('gives the same program for the same consultation and generator version', () => {
    expect(generateProgram(args)).toEqual(generateProgram(args));
  });

  it(`matches the stored fingerprint of generator version ${GENERATOR_VERSION} (a change must bump GENERATOR_VERSION)`, () => {
    const program = generateProgram(args);
    const fingerprint = createHash('sha256').update(JSON.stringify(program)).digest('hex');
    expect({
      generatorVersion: program.generatorVersion,
      split: program.split,
      targets: program.targets,
      sessions: program.bundle.sessions.length,
      exerciseItems: program.bundle.sessions.reduce((n, s) => n + s.exercises.length, 0),
      meals: program.bundle.meals.length,
      mealItems: program.bundle.meals.reduce((n, m) => n + m.items.length, 0),
      fingerprint,
    }).toMatchSnapshot();
  });
});
