import { appErrorOf, scenario } from '../core/testing/givenWhenThen';
import { EMPTY_PLAN_DIFF } from './planChange.contracts';
import { planChangeDecider, PlanChangeLookups } from './planChange.decide';
import { itemValues, solvePortion, mealTotals } from './planChange.rules';
import { FOODS } from '../reference/foods.data';
import type { StoredMeal, StoredSession } from './program';

const programId = 'a0000000-0000-4000-8000-000000000001';
const session: StoredSession & { loggedActivityId: string | null } = {
  id: 's1', week: 2, day: 10, date: '2026-03-11', name: 'Full body B', focus: 'full_body', isDeload: false, estimatedMinutes: 50, loggedActivityId: null,
  exercises: [
    { id: 'e1', exerciseId: 'dumbbell_bench_press', position: 1, sets: 3, repsMin: 8, repsMax: 12, targetRir: 2, restSeconds: 90, loadKg: 20, notes: 'n' },
    { id: 'e2', exerciseId: 'dumbbell_bent_over_row', position: 2, sets: 3, repsMin: 8, repsMax: 12, targetRir: 2, restSeconds: 90, loadKg: null, notes: null },
  ],
};
const food = (id: string) => FOODS.find((f) => f.id === id)!;
const meal: StoredMeal & { loggedMealId: string | null } = {
  id: 'm1', week: 2, day: 9, date: '2026-03-10', slot: 2, name: 'Lunch', loggedMealId: null, kcal: 0, proteinG: 0, carbsG: 0, fatG: 0,
  items: [
    { id: 'i1', foodId: 'tofu_firm', position: 1, grams: 240, kcal: 0, proteinG: 0, carbsG: 0, fatG: 0 },
    { id: 'i2', foodId: 'white_rice_cooked', position: 2, grams: 250, kcal: 0, proteinG: 0, carbsG: 0, fatG: 0 },
  ],
};
for (const item of meal.items) {
  const f = food(item.foodId);
  Object.assign(item, { kcal: Math.round(f.kcal * item.grams / 100), proteinG: Math.round(f.proteinG * item.grams) / 100, carbsG: Math.round(f.carbsG * item.grams) / 100, fatG: Math.round(f.fatG * item.grams) / 100 });
}
Object.assign(meal, mealTotals(meal.items));

const lookups = (over: Partial<PlanChangeLookups> = {}): PlanChangeLookups => ({
  program: { id: programId, startDate: '2026-03-02', endDate: '2026-04-26', supersededFrom: null, timeZone: 'Europe/London' },
  limits: { equipment: ['dumbbell', 'bench'], injuries: ['knee'], excludedExercises: [], dietType: 'VEGETARIAN', allergies: ['peanut'], excludedFoods: ['tempeh'] },
  session, meal, sessionOnToDate: null, ...over,
});
const at = (now: string, over: Partial<PlanChangeLookups> = {}) =>
  scenario(planChangeDecider, { now, userId: 'u1', lookups: lookups(over) }).given();
const NOW = '2026-03-09T09:00:00.000Z';

describe('the plan change decider', () => {
  it('moves a session with its day and week, keeping its ids', () => {
    const [event] = at(NOW).when({ type: 'ChangePlan', programId, change: { kind: 'reschedule_session', sessionId: 's1', toDate: '2026-03-16' } });
    expect(event.type).toBe('PlanChangedByPerson');
    const moved = event.data.diff.sessions[0];
    expect(moved).toMatchObject({ id: 's1', date: '2026-03-16', day: 15, week: 3 });
    expect(moved.exercises.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(event.data.explanation.summary).toBe('You moved Full body B from Wednesday 11 March to Monday 16 March.');
  });

  it('judges today in the program\'s time zone: late on the 10th in London is still the 10th', () => {
    const late = at('2026-03-10T23:30:00.000Z'); // 23:30 UTC = 23:30 in London (GMT): still the 10th
    expect(late.when({ type: 'ChangePlan', programId, change: { kind: 'reschedule_session', sessionId: 's1', toDate: '2026-03-10' } })).toHaveLength(1);
    const tokyo = at('2026-03-10T23:30:00.000Z', { program: { ...lookups().program!, timeZone: 'Asia/Tokyo' } }); // already the 11th
    expect(appErrorOf(() => tokyo.when({ type: 'ChangePlan', programId, change: { kind: 'reschedule_session', sessionId: 's1', toDate: '2026-03-10' } })))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.toDate' });
  });

  it('refuses a superseded day, an unknown program and a logged session', () => {
    const superseded = at(NOW, { program: { ...lookups().program!, supersededFrom: '2026-03-14' } });
    expect(appErrorOf(() => superseded.when({ type: 'ChangePlan', programId, change: { kind: 'reschedule_session', sessionId: 's1', toDate: '2026-03-14' } })))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.toDate' });
    expect(appErrorOf(() => at(NOW, { program: null }).when({ type: 'ChangePlan', programId, change: { kind: 'skip_session', sessionId: 's1' } })).code).toBe('NOT_FOUND');
    expect(appErrorOf(() => at(NOW, { session: { ...session, loggedActivityId: 'a1' } }).when({ type: 'ChangePlan', programId, change: { kind: 'skip_session', sessionId: 's1' } })))
      .toMatchObject({ code: 'CONFLICT', field: 'input.sessionId' });
  });

  it('swaps an exercise keeping the item id, sets and reps, dropping the load worked out for the old one', () => {
    const [event] = at(NOW).when({ type: 'ChangePlan', programId, change: { kind: 'swap_exercise', plannedExerciseId: 'e1', exerciseId: 'push_up' } });
    expect(event.data.diff.sessions[0].exercises[0]).toMatchObject({ id: 'e1', exerciseId: 'push_up', sets: 3, repsMin: 8, repsMax: 12, loadKg: null });
    expect(event.data.diff).toMatchObject({ ...EMPTY_PLAN_DIFF, sessions: [expect.anything()] });
    const taken = appErrorOf(() => at(NOW).when({ type: 'ChangePlan', programId, change: { kind: 'swap_exercise', plannedExerciseId: 'e1', exerciseId: 'dumbbell_bent_over_row' } }));
    expect(taken).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.exerciseId' });
  });

  it('swaps a food for an allowed one, names why one is not allowed, and re-solves the portion', () => {
    const excluded = appErrorOf(() => at(NOW).when({ type: 'ChangePlan', programId, change: { kind: 'swap_meal_item', plannedMealItemId: 'i1', foodId: 'tempeh' } }));
    expect(excluded).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.foodId', message: expect.stringContaining('you excluded') });
    const [event] = at(NOW).when({ type: 'ChangePlan', programId, change: { kind: 'swap_meal_item', plannedMealItemId: 'i1', foodId: 'seitan' } });
    const changed = event.data.diff.meals[0];
    expect(changed.items[0]).toMatchObject({ id: 'i1', foodId: 'seitan' });
    expect(changed.kcal).toBe(changed.items.reduce((s, i) => s + i.kcal, 0));
    expect(Math.abs(changed.kcal - meal.kcal) / meal.kcal).toBeLessThan(0.15);
    // No other portion on the gram grid keeps the meal closer (the documented objective).
    const miss = (grams: number) => {
      const totals = mealTotals(meal.items.map((i, n) => (n === 0 ? itemValues(food('seitan'), grams) : i)));
      return (['kcal', 'proteinG', 'carbsG', 'fatG'] as const).reduce((sum, k) => sum + ((totals[k] - meal[k]) / meal[k]) ** 2, 0);
    };
    for (const grams of [changed.items[0].grams - 5, changed.items[0].grams + 5, 240]) expect(miss(changed.items[0].grams)).toBeLessThanOrEqual(miss(grams));
  });
});

describe('solvePortion', () => {
  it('stays within the portion bounds however far the meal is from the food', () => {
    const oil = food('canola_oil');
    const values = solvePortion(meal, 0, oil);
    expect(values.grams).toBeGreaterThanOrEqual(Math.ceil(0.25 * oil.portionG));
    expect(values.grams).toBeLessThanOrEqual(3 * oil.portionG);
  });
});
