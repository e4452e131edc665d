import { randomUUID } from 'node:crypto';
import { resetData } from '../../src/core/testing/testDatabase';
import { EXERCISES } from '../../src/reference/exercises.data';
import { FOODS } from '../../src/reference/foods.data';
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
  sex: 'FEMALE', birthDate: '1994-04-02', heightCm: 168, weightKg: 64, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'BEGINNER', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45,
  equipment: ['DUMBBELL', 'BENCH'], injuries: [], activityLevel: 'LIGHT', dietType: 'VEGETARIAN', allergies: ['PEANUT'],
  mealsPerDay: 3, timeZone: 'Europe/Paris', startDate: '2026-03-02', programWeeks: 8,
};

async function completedUser(answers: Record<string, unknown> = ANSWERS, token?: string) {
  token ??= await t.token(randomUUID());
  const started = await t.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: answers }, token);
  expect(started.errors).toBeUndefined();
  const id = started.data!.startConsultation.id;
  const done = await t.gql(`mutation($id: UUID!) { completeConsultation(id: $id) { program { id startDate endDate } } }`, { id }, token);
  expect(done.errors).toBeUndefined();
  return { token, consultationId: id as string, program: done.data!.completeConsultation.program };
}

const ids = (list: Array<{ id: string }>) => list.map((x) => x.id).sort();

describe('the graph from a program to its plan', () => {
  it('walks from a program to its consultation, days, sessions and meals, as the calendar shows them', async () => {
    const { token, consultationId, program } = await completedUser();
    const walked = await t.gql(`query($id: UUID!) { program(id: $id) {
      consultation { id status answers { goal } }
      days(from: "2026-03-02", to: "2026-03-08") { date targets { kcal } sessions { id exercises { exercise { id } } } meals { id items { food { id } } } }
      sessions(from: "2026-03-02", to: "2026-03-08") { id date }
      meals(from: "2026-03-02", to: "2026-03-08") { id date }
      targets { kcal }
    } }`, { id: program.id }, token);
    expect(walked.errors).toBeUndefined();
    const p = walked.data!.program;
    expect(p.consultation).toEqual({ id: consultationId, status: 'COMPLETED', answers: { goal: 'FAT_LOSS' } });

    const calendar = await t.gql(`{ calendar(from: "2026-03-02", to: "2026-03-08") { date sessions { id } meals { id } } }`, {}, token);
    expect(p.days.map((d: any) => d.date)).toEqual(calendar.data!.calendar.map((d: any) => d.date));
    p.days.forEach((day: any, i: number) => {
      const same = calendar.data!.calendar[i];
      expect(ids(day.sessions)).toEqual(ids(same.sessions));
      expect(ids(day.meals)).toEqual(ids(same.meals));
      expect(day.targets.kcal).toBe(p.targets.kcal);
    });
    expect(p.days.map((d: any) => d.sessions.length)).toEqual([1, 0, 1, 0, 1, 0, 0]);
    expect(ids(p.sessions)).toEqual(ids(p.days.flatMap((d: any) => d.sessions)));
    expect(ids(p.meals)).toEqual(ids(p.days.flatMap((d: any) => d.meals)));
    expect(p.meals).toHaveLength(21);
  });

  it('days, sessions and meals default to the whole program and are clipped to it', async () => {
    const { token, program } = await completedUser();
    const whole = await t.gql(`query($id: UUID!) { program(id: $id) { days { date } sessions { date } meals { date }
      clipped: days(from: "2026-02-20", to: "2026-03-03") { date } } }`, { id: program.id }, token);
    expect(whole.errors).toBeUndefined();
    const p = whole.data!.program;
    expect(p.days).toHaveLength(56);
    expect(p.days[0].date).toBe(program.startDate);
    expect(p.days[55].date).toBe(program.endDate);
    expect(p.sessions).toHaveLength(24);
    expect(p.meals).toHaveLength(56 * 3);
    expect(p.clipped.map((d: any) => d.date)).toEqual(['2026-03-02', '2026-03-03']);
  });

  it('refuses a reversed range, naming the argument', async () => {
    const { token, program } = await completedUser();
    for (const field of ['days', 'sessions', 'meals']) {
      const reversed = await t.gql(`query($id: UUID!) { program(id: $id) { ${field}(from: "2026-03-08", to: "2026-03-02") { date } } }`, { id: program.id }, token);
      expect(reversed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
      const impossible = await t.gql(`query($id: UUID!, $from: LocalDate) { program(id: $id) { ${field}(from: $from) { date } } }`, { id: program.id, from: '2026-02-30' }, token);
      expect(impossible.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    }
  });
});

describe('Me', () => {
  it('lists your programs and consultations, newest first', async () => {
    const { token, consultationId, program } = await completedUser();
    t.clock.set('2026-03-20T09:00:00.000Z');
    const next = await t.gql(`mutation { generateProgram(input: { startDate: "2026-03-23", weeks: 4 }) { id } }`, {}, token);
    expect(next.errors).toBeUndefined();
    const draft = await t.gql(`mutation { startConsultation { id } }`, {}, token);
    const me = await t.gql(`{ me { programs { id status } completed: programs(status: SUPERSEDED) { id }
      consultations { id status } done: consultations(status: COMPLETED, first: 1) { id } } }`, {}, token);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me.programs).toEqual([{ id: next.data!.generateProgram.id, status: 'ACTIVE' }, { id: program.id, status: 'SUPERSEDED' }]);
    expect(me.data!.me.completed).toEqual([{ id: program.id }]);
    expect(me.data!.me.consultations.map((c: any) => c.id)).toEqual([draft.data!.startConsultation.id, consultationId]);
    expect(me.data!.me.done).toEqual([{ id: consultationId }]);
    const other = await t.gql(`{ me { programs { id } consultations { id } currentProgram { id } } }`, {}, await t.token(randomUUID()));
    expect(other.data!.me).toEqual({ programs: [], consultations: [], currentProgram: null });
  });

  it('refuses a page size out of range, naming the argument', async () => {
    const token = await t.token(randomUUID());
    for (const field of ['programs', 'consultations']) {
      const bad = await t.gql(`{ me { ${field}(first: 0) { id } } }`, {}, token);
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
  });

  it('currentProgram is the program covering today, else the next one', async () => {
    const { token, program } = await completedUser();
    t.clock.set('2026-03-20T09:00:00.000Z');
    const next = await t.gql(`mutation { generateProgram(input: { startDate: "2026-03-23", weeks: 4 }) { id } }`, {}, token);
    const nextId = next.data!.generateProgram.id;
    const current = async () => {
      const r = await t.gql(`{ currentProgram { id } me { currentProgram { id } } }`, {}, token);
      expect(r.errors).toBeUndefined();
      expect(r.data!.me.currentProgram).toEqual(r.data!.currentProgram);
      return r.data!.currentProgram?.id ?? null;
    };
    // The old program still covers the days before the new one starts.
    expect(await current()).toBe(program.id);
    // Sunday 22:30 UTC is already Monday 23 March in Paris, the user's time zone.
    t.clock.set('2026-03-22T23:30:00.000Z');
    expect(await current()).toBe(nextId);
    t.clock.set('2026-04-20T09:00:00.000Z'); // after the new program's four weeks: none covers, none comes
    expect(await current()).toBeNull();
  });

  it('currentProgram is the next program when none covers today', async () => {
    const { token, program } = await completedUser({ ...ANSWERS, startDate: '2026-03-16' });
    const r = await t.gql(`{ currentProgram { id startDate } me { currentProgram { id } } }`, {}, token);
    expect(r.data!.currentProgram).toEqual({ id: program.id, startDate: '2026-03-16' });
    expect(r.data!.me.currentProgram).toEqual({ id: program.id });
  });
});

describe('root fields combine', () => {
  it('an unknown program or consultation is null with NOT_FOUND, and the other root fields still answer', async () => {
    const token = await t.token(randomUUID());
    const r = await t.gql(`query($id: UUID!) { me { id } program(id: $id) { id } consultation(id: $id) { id } }`, { id: randomUUID() }, token);
    expect(r.data).toMatchObject({ me: { id: expect.any(String) }, program: null, consultation: null });
    const byPath = Object.fromEntries((r.errors ?? []).map((e) => [e.path?.[0], e.extensions?.code]));
    expect(byPath).toEqual({ program: 'NOT_FOUND', consultation: 'NOT_FOUND' });
  });
});

async function allPages(query: string, field: string, filter: Record<string, unknown>, token: string) {
  const nodes: any[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const r: any = await t.gql(query, { filter, after, first: 100 }, token);
    expect(r.errors).toBeUndefined();
    const connection = r.data[field];
    nodes.push(...connection.edges.map((e: any) => e.node));
    if (!connection.pageInfo.hasNextPage) return { nodes, totalCount: connection.totalCount };
    after = connection.pageInfo.endCursor;
  }
  throw new Error('did not reach the last page');
}

const EXERCISES_Q = `query($filter: ExerciseFilter, $first: Int, $after: String) { exercises(filter: $filter, first: $first, after: $after) {
  totalCount edges { cursor node { id name movementPattern primaryMuscles secondaryMuscles equipment difficulty contraindications } }
  pageInfo { hasNextPage endCursor } } }`;
const FOODS_Q = `query($filter: FoodFilter, $first: Int, $after: String) { foods(filter: $filter, first: $first, after: $after) {
  totalCount edges { cursor node { id name category vegan vegetarian pescatarian allergens } }
  pageInfo { hasNextPage endCursor } } }`;

describe('the exercise library and the food catalog', () => {
  it('pages through every exercise with opaque cursors', async () => {
    const token = await t.token(randomUUID());
    const first = await t.gql(`{ exercises { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`, {}, token);
    expect(first.errors).toBeUndefined();
    const page = first.data!.exercises;
    expect(page.totalCount).toBe(EXERCISES.length);
    expect(page.edges).toHaveLength(20);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[19].cursor });
    expect(page.edges[0].cursor).not.toContain(page.edges[0].node.id);
    const { nodes } = await allPages(EXERCISES_Q, 'exercises', {}, token);
    expect(nodes.map((n) => n.id)).toEqual(EXERCISES.map((e) => e.id).sort());
  });

  it('filters exercises by muscle, equipment, pattern and name, with enum values as the inputs take them', async () => {
    const token = await t.token(randomUUID());
    const { nodes, totalCount } = await allPages(EXERCISES_Q, 'exercises', { muscle: 'CHEST', equipment: 'DUMBBELL' }, token);
    const expected = EXERCISES.filter((e) => e.primaryMuscles.includes('chest') && e.equipment.includes('dumbbell'));
    expect(expected.length).toBeGreaterThan(0);
    expect(totalCount).toBe(expected.length);
    expect(nodes.map((n) => n.id)).toEqual(expected.map((e) => e.id).sort());
    for (const n of nodes) {
      expect(n.primaryMuscles).toContain('CHEST');
      expect(n.equipment).toContain('DUMBBELL');
    }
    const squats = await allPages(EXERCISES_Q, 'exercises', { pattern: 'SQUAT', availableEquipment: ['DUMBBELL'] }, token);
    const allowed = new Set(['dumbbell', 'bodyweight']);
    expect(squats.nodes.map((n) => n.id)).toEqual(
      EXERCISES.filter((e) => e.movementPattern === 'squat' && e.equipment.every((q) => allowed.has(q))).map((e) => e.id).sort(),
    );
    const goblet = await allPages(EXERCISES_Q, 'exercises', { search: 'GOBLET', pattern: 'SQUAT' }, token);
    expect(goblet.nodes.find((n) => n.id === 'dumbbell_goblet_squat')).toEqual({
      id: 'dumbbell_goblet_squat', name: 'Dumbbell goblet squat', movementPattern: 'SQUAT', primaryMuscles: ['QUADS', 'GLUTES'],
      secondaryMuscles: ['ADDUCTORS', 'ABS'], equipment: ['DUMBBELL'], difficulty: 'BEGINNER', contraindications: ['KNEE'],
    });
  });

  it('filters foods by category, diet, allergens and name, with pescatarian and allergen enums', async () => {
    const token = await t.token(randomUUID());
    const pesc = await allPages(FOODS_Q, 'foods', { diet: 'PESCATARIAN', withoutAllergens: ['DAIRY', 'EGG'] }, token);
    expect(pesc.nodes.map((n) => n.id)).toEqual(
      FOODS.filter((f) => f.pescatarian && !f.allergens.some((a) => a === 'dairy' || a === 'egg')).map((f) => f.id).sort(),
    );
    for (const n of pesc.nodes) {
      expect(n.pescatarian).toBe(true);
      expect(n.allergens).not.toContain('DAIRY');
    }
    const protein = await allPages(FOODS_Q, 'foods', { category: 'PROTEIN', diet: 'VEGAN' }, token);
    expect(protein.nodes.map((n) => n.id)).toEqual(FOODS.filter((f) => f.category === 'protein' && f.vegan).map((f) => f.id).sort());
    const eggs = await allPages(FOODS_Q, 'foods', { search: 'Egg, WHOLE' }, token);
    expect(eggs.nodes.find((n) => n.id === 'egg_whole_raw')).toEqual({
      id: 'egg_whole_raw', name: 'Egg, whole', category: 'PROTEIN', vegan: false, vegetarian: true, pescatarian: true, allergens: ['EGG'],
    });
    const omni = await allPages(FOODS_Q, 'foods', { diet: 'OMNIVORE' }, token);
    expect(omni.totalCount).toBe(FOODS.length);
  });

  it('refuses a bad page size, cursor or search, naming the argument', async () => {
    const token = await t.token(randomUUID());
    const exerciseCursor = (await t.gql(`{ exercises(first: 1) { pageInfo { endCursor } } }`, {}, token)).data!.exercises.pageInfo.endCursor;
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [EXERCISES_Q, { first: 0 }, 'first'],
      [FOODS_Q, { first: 101 }, 'first'],
      [EXERCISES_Q, { after: 'not-a-cursor' }, 'after'],
      [FOODS_Q, { after: exerciseCursor }, 'after'],
      [FOODS_Q, { filter: { search: '  ' } }, 'filter.search'],
      [EXERCISES_Q, { filter: { search: 'x'.repeat(101) } }, 'filter.search'],
    ];
    for (const [query, variables, field] of cases) {
      const r = await t.gql(query, variables, token);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
