import { randomUUID } from 'node:crypto';
import { appErrorOf, scenario } from '../core/testing/givenWhenThen';
import { FOODS } from '../reference/foods.data';
import { MealLoggedData } from './mealLog';
import { MealInput, PlannedMealCandidate, mealLogDecider } from './mealLog.decide';

const catalog = new Map(FOODS.map((f) => [f.id, f]));
const userId = randomUUID();
const now = '2026-12-02T20:00:00.000Z';
const planned = (id: string, slot: number, kcal: number, held: string | null = null): PlannedMealCandidate => ({
  id, programId: 'p', date: '2026-12-02', slot, kcal, proteinG: 30, carbsG: 50, fatG: 15, heldByMealLogId: held,
});
const run = (candidates: PlannedMealCandidate[]) =>
  scenario(mealLogDecider, { now, userId, lookups: { timeZone: 'UTC', food: (id) => catalog.get(id), candidates } });

const oats: MealInput = { eatenAt: '2026-12-02T07:30:00Z', slot: 1, items: [{ foodId: 'egg_whole_raw', grams: 100 }] };

describe('meal log decide', () => {
  it('computes totals from the catalog and compares with the planned meal at its slot', () => {
    const [event] = run([planned('b', 1, 150), planned('l', 2, 600)]).given().when({ type: 'LogMeal', mealLogId: 'm', input: oats });
    const data = event.data as MealLoggedData;
    expect(data.meal.totals.kcal).toBeCloseTo(143, 0);
    expect(data.match).toMatchObject({ plannedMealId: 'b', matchedBy: 'auto', assessment: { status: 'completed' } });
    expect(data.match!.comparison.delta.kcal).toBeCloseTo(-7, 0);
  });

  it('without a slot, takes the free planned meal of the day closest in energy', () => {
    const [event] = run([planned('b', 1, 150, 'other'), planned('l', 2, 600), planned('d', 3, 160)]).given()
      .when({ type: 'LogMeal', mealLogId: 'm', input: { ...oats, slot: null } });
    expect((event.data as MealLoggedData).match?.plannedMealId).toBe('d');
  });

  it('accepts a free-form item whose kcal agree with 4/4/9 and refuses one that does not', () => {
    const ok = { eatenAt: oats.eatenAt, items: [{ name: 'Homemade curry', kcal: 520, proteinG: 25, carbsG: 60, fatG: 18 }] };
    expect(run([]).given().when({ type: 'LogMeal', mealLogId: 'm', input: ok })).toHaveLength(1);
    const bad = { eatenAt: oats.eatenAt, items: [{ name: 'Curry', kcal: 120, proteinG: 25, carbsG: 60, fatG: 18 }] };
    expect(appErrorOf(() => run([]).given().when({ type: 'LogMeal', mealLogId: 'm', input: bad }))).toMatchObject({
      code: 'BAD_USER_INPUT', field: 'input.items.0.kcal',
    });
  });

  it.each([
    [{ items: [{ foodId: 'egg_whole_raw', grams: -5 }] }, 'input.items.0.grams'],
    [{ items: [{ foodId: 'unicorn_steak', grams: 100 }] }, 'input.items.0.foodId'],
    [{ items: [] }, 'input.items'],
    [{ eatenAt: '2026-12-05T00:00:00Z' }, 'input.eatenAt'],
    [{ items: [{ name: 'x' }] }, 'input.items.0.kcal'],
  ])('refuses %j naming %s', (change, field) => {
    const error = appErrorOf(() => run([]).given().when({ type: 'LogMeal', mealLogId: 'm', input: { ...oats, ...change } as MealInput }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('edits portions and re-scores; deletes forget the link', () => {
    const s = run([planned('b', 1, 150)]);
    const [logged] = s.given().when({ type: 'LogMeal', mealLogId: 'm', input: oats });
    const [edited] = s.given(logged).when({ type: 'EditMealLog', mealLogId: 'm', changes: { items: [{ foodId: 'egg_whole_raw', grams: 200 }] } });
    expect(edited.data).toMatchObject({ previousPlannedMealId: 'b', match: { plannedMealId: 'b', assessment: { status: 'partial', colour: 'orange' } } });
    const [deleted] = s.given(logged, edited).when({ type: 'DeleteMealLog', mealLogId: 'm' });
    expect(deleted.data).toMatchObject({ previousPlannedMealId: 'b' });
  });
});
