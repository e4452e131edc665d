import { FOODS } from '../../reference/foods.data';
import type { FoodRef } from '../../reference/reference.types';
import type { PlannedMeal } from '../plan.types';
import {
  COARSE_ROUNDING_MIN_PORTION_G,
  ENERGY_TOLERANCE,
  MEAL_SLOTS,
  PROTEIN_TOLERANCE,
  ROTATION_DAYS,
} from './mealPlan.constants';
import {
  allowedFoods,
  generateMealPlan,
  MealPlanInfeasibleError,
  mealSlots,
  type MealPlan,
  type MealPlanInput,
} from './mealPlan';

const FOOD_BY_ID = new Map(FOODS.map((f) => [f.id, f]));
const food = (id: string): FoodRef => {
  const f = FOOD_BY_ID.get(id);
  if (!f) throw new Error(`unknown food ${id}`);
  return f;
};

/** Independent date arithmetic for the checks (UTC, no time zones). */
function addDays(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** |a − b| ≤ 0.05 (one value rounded to 0.1 g), with room for float noise. */
const expectRoundedTo01 = (actual: number, exact: number): void => {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(0.05 + 1e-9);
};

const daySignature = (meals: PlannedMeal[]): string =>
  meals.map((m) => `${m.slot}:${m.items.map((i) => `${i.foodId}@${i.grams}`).join('+')}`).join(';');

function mealsByDay(plan: MealPlan): Map<number, PlannedMeal[]> {
  const byDay = new Map<number, PlannedMeal[]>();
  for (const m of plan.meals) {
    const list = byDay.get(m.day) ?? [];
    list.push(m);
    byDay.set(m.day, list);
  }
  return byDay;
}

interface Profile {
  name: string;
  input: MealPlanInput;
}

// Targets are what nutritionTargets/macroSplit (./targets.ts) give for these profiles; they are
// spelled out so the tests do not depend on that module.
const PROFILES: Profile[] = [
  {
    // 80 kg, maintenance: macroSplit(2400, 80, 'MAINTENANCE'), fibreG(2400)
    name: 'omnivore 2400 kcal, 4 meals',
    input: {
      targets: { kcal: 2400, proteinG: 128, carbsG: 321, fatG: 67, fibreG: 34 },
      mealsPerDay: 4,
      dietType: 'OMNIVORE',
      allergies: [],
      excludedFoods: [],
      startDate: '2025-01-06',
      days: 84,
    },
  },
  {
    // 60 kg, maintenance: macroSplit(1800, 60, 'MAINTENANCE'), fibreG(1800)
    name: 'vegan 1800 kcal, 3 meals, soy allergy',
    input: {
      targets: { kcal: 1800, proteinG: 96, carbsG: 242, fatG: 50, fibreG: 25 },
      mealsPerDay: 3,
      dietType: 'VEGAN',
      allergies: ['soy'],
      excludedFoods: [],
      startDate: '2025-03-01',
      days: 84,
    },
  },
  {
    // 70 kg, fat loss (2.2 g/kg protein): macroSplit(2000, 70, 'FAT_LOSS'), fibreG(2000)
    name: 'vegetarian 2000 kcal, 5 meals, gluten- and dairy-free',
    input: {
      targets: { kcal: 2000, proteinG: 154, carbsG: 220, fatG: 56, fibreG: 28 },
      mealsPerDay: 5,
      dietType: 'VEGETARIAN',
      allergies: ['gluten', 'dairy'],
      excludedFoods: [],
      startDate: '2024-02-26', // crosses 29 February
      days: 84,
    },
  },
  {
    // 85 kg, muscle gain: macroSplit(2800, 85, 'MUSCLE_GAIN'), fibreG(2800)
    name: 'pescatarian 2800 kcal, 6 meals, excluded foods',
    input: {
      targets: { kcal: 2800, proteinG: 136, carbsG: 389, fatG: 78, fibreG: 39 },
      mealsPerDay: 6,
      dietType: 'PESCATARIAN',
      allergies: ['shellfish'],
      excludedFoods: [
        'tuna_light_canned_water',
        'salmon_atlantic_farmed_cooked',
        'greek_yogurt_nonfat',
        'greek_yogurt_whole',
        'white_rice_cooked',
        'broccoli_raw',
        'olive_oil',
        'not_a_catalog_id',
      ],
      startDate: '2025-12-29', // crosses a year end
      days: 84,
    },
  },
  {
    // 55 kg, fat loss at the energy floor: macroSplit(1300, 55, 'FAT_LOSS'), fibreG(1300)
    name: 'omnivore 1300 kcal, 2 meals',
    input: {
      targets: { kcal: 1300, proteinG: 121, carbsG: 123, fatG: 36, fibreG: 18 },
      mealsPerDay: 2,
      dietType: 'OMNIVORE',
      allergies: [],
      excludedFoods: [],
      startDate: '2025-06-30',
      days: 28,
    },
  },
  {
    // The issue's 22 y, 60 kg, 175 cm man gaining 0.5 %/week (MODERATE): nutritionTargets gives
    // 2793 kcal and 96 g protein (14 % of energy). With protein held to ±10 % no Dinner could be
    // built: the protein source's smallest portion plus a grain already overshoot it.
    name: 'omnivore 2793 kcal, 2 meals, protein 14 % of energy',
    input: {
      targets: { kcal: 2793, proteinG: 96, carbsG: 427, fatG: 78, fibreG: 39 },
      mealsPerDay: 2,
      dietType: 'OMNIVORE',
      allergies: [],
      excludedFoods: [],
      startDate: '2026-12-07',
      days: 14,
    },
  },
  {
    // The same at 3 meals a day, vegetarian: 838 kcal and 28.8 g protein at dinner.
    name: 'vegetarian 2793 kcal, 3 meals, protein 14 % of energy',
    input: {
      targets: { kcal: 2793, proteinG: 96, carbsG: 427, fatG: 78, fibreG: 39 },
      mealsPerDay: 3,
      dietType: 'VEGETARIAN',
      allergies: [],
      excludedFoods: [],
      startDate: '2026-12-07',
      days: 14,
    },
  },
];

describe('meal slots', () => {
  it('has 2-6 meals a day whose shares add up to 1, with the documented 3- and 4-meal splits', () => {
    for (let n = 2; n <= 6; n++) {
      const slots = mealSlots(n);
      expect(slots).toHaveLength(n);
      expect(slots.reduce((s, x) => s + x.fraction, 0)).toBeCloseTo(1, 12);
    }
    expect(mealSlots(3).map((s) => [s.name, s.fraction])).toEqual([
      ['Breakfast', 0.3],
      ['Lunch', 0.4],
      ['Dinner', 0.3],
    ]);
    expect(mealSlots(4).map((s) => [s.name, s.fraction])).toEqual([
      ['Breakfast', 0.25],
      ['Lunch', 0.35],
      ['Snack', 0.1],
      ['Dinner', 0.3],
    ]);
  });

  it('rejects other meal counts', () => {
    for (const n of [0, 1, 7, 3.5, Number.NaN]) expect(() => mealSlots(n)).toThrow(RangeError);
  });
});

describe('allowedFoods', () => {
  it('keeps only foods of the diet, without the allergens and the excluded ids', () => {
    const foods = allowedFoods(
      { dietType: 'VEGAN', allergies: ['soy', 'gluten'], excludedFoods: ['lentils_cooked'] },
      FOODS,
    );
    expect(foods.length).toBeGreaterThan(50);
    for (const f of foods) {
      expect(f.vegan).toBe(true);
      expect(f.allergens).not.toContain('soy');
      expect(f.allergens).not.toContain('gluten');
    }
    expect(foods.map((f) => f.id)).not.toContain('lentils_cooked');
    expect(foods.map((f) => f.id)).not.toContain('tofu_firm');
    expect(foods.map((f) => f.id)).not.toContain('seitan');
  });

  it('applies each diet flag', () => {
    const ids = (d: MealPlanInput['dietType']): string[] =>
      allowedFoods({ dietType: d, allergies: [], excludedFoods: [] }, FOODS).map((f) => f.id);
    expect(ids('OMNIVORE')).toHaveLength(FOODS.length);
    expect(ids('PESCATARIAN')).toContain('salmon_smoked');
    expect(ids('PESCATARIAN')).not.toContain('chicken_breast_roasted');
    expect(ids('VEGETARIAN')).toContain('egg_whole_raw');
    expect(ids('VEGETARIAN')).not.toContain('salmon_smoked');
    expect(ids('VEGAN')).not.toContain('egg_whole_raw');
    expect(ids('VEGAN')).not.toContain('honey');
  });

  it('rejects unknown allergens and diet types', () => {
    expect(() => allowedFoods({ dietType: 'VEGAN', allergies: ['Soy'], excludedFoods: [] }, FOODS)).toThrow(RangeError);
    expect(() =>
      allowedFoods({ dietType: 'KETO' as MealPlanInput['dietType'], allergies: [], excludedFoods: [] }, FOODS),
    ).toThrow(RangeError);
  });
});

describe.each(PROFILES)('generateMealPlan: $name', ({ input }) => {
  const plan = generateMealPlan(input, FOODS);
  const slots = MEAL_SLOTS[input.mealsPerDay];
  const byDay = mealsByDay(plan);

  it('covers every day with the right slots, names, days, weeks and dates', () => {
    expect(plan.meals).toHaveLength(input.days * input.mealsPerDay);
    expect(plan.rotationDays).toBe(Math.min(ROTATION_DAYS, input.days));
    for (let day = 1; day <= input.days; day++) {
      const meals = byDay.get(day) ?? [];
      expect(meals.map((m) => m.slot)).toEqual(slots.map((_, i) => i + 1));
      expect(meals.map((m) => m.name)).toEqual(slots.map((s) => s.name));
      for (const m of meals) {
        expect(m.week).toBe(Math.floor((day - 1) / 7) + 1);
        expect(m.date).toBe(addDays(input.startDate, day - 1));
      }
    }
    expect(plan.meals[0].date).toBe(input.startDate);
    // Meals are in day, then slot order.
    const order = plan.meals.map((m) => m.day * 10 + m.slot);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('puts every meal within ±5 % of its energy target and at least 90 % of its protein target (a floor)', () => {
    const misses: string[] = [];
    for (const m of plan.meals) {
      const fraction = slots[m.slot - 1].fraction;
      const kcal = input.targets.kcal * fraction;
      const protein = input.targets.proteinG * fraction;
      if (Math.abs(m.kcal - kcal) > ENERGY_TOLERANCE * kcal) {
        misses.push(`day ${m.day} ${m.name}: ${m.kcal} kcal vs ${kcal}`);
      }
      if (m.proteinG < (1 - PROTEIN_TOLERANCE) * protein) {
        misses.push(`day ${m.day} ${m.name}: ${m.proteinG} g protein < 90 % of ${protein}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('uses only allowed foods (diet, allergies, exclusions)', () => {
    const excluded = new Set(input.excludedFoods);
    const flag = { OMNIVORE: null, PESCATARIAN: 'pescatarian', VEGETARIAN: 'vegetarian', VEGAN: 'vegan' } as const;
    const bad: string[] = [];
    for (const m of plan.meals) {
      for (const it of m.items) {
        const f = food(it.foodId);
        const dietFlag = flag[input.dietType];
        if (excluded.has(f.id)) bad.push(`${f.id} excluded`);
        if (dietFlag && !f[dietFlag]) bad.push(`${f.id} not ${dietFlag}`);
        for (const a of f.allergens) if (input.allergies.includes(a)) bad.push(`${f.id} has ${a}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has meal totals equal to the sum of the items, and item values from the rounded grams', () => {
    for (const m of plan.meals) {
      expect(m.items.length).toBeGreaterThanOrEqual(2);
      expect(m.items.length).toBeLessThanOrEqual(5);
      expect(m.items.map((i) => i.position)).toEqual(m.items.map((_, i) => i + 1));
      expect(new Set(m.items.map((i) => i.foodId)).size).toBe(m.items.length);
      expect(m.kcal).toBe(m.items.reduce((s, i) => s + i.kcal, 0));
      // Macros are the sums re-rounded to 0.1 g (float noise only: the items are already 0.1 g).
      expect(m.proteinG).toBeCloseTo(m.items.reduce((s, i) => s + i.proteinG, 0), 6);
      expect(m.carbsG).toBeCloseTo(m.items.reduce((s, i) => s + i.carbsG, 0), 6);
      expect(m.fatG).toBeCloseTo(m.items.reduce((s, i) => s + i.fatG, 0), 6);
      for (const it of m.items) {
        const f = food(it.foodId);
        expect(Number.isInteger(it.grams)).toBe(true);
        expect(it.grams).toBeGreaterThan(0);
        if (f.portionG >= COARSE_ROUNDING_MIN_PORTION_G) expect(it.grams % 5).toBe(0);
        expect(it.kcal).toBe(Math.round((f.kcal * it.grams) / 100));
        expectRoundedTo01(it.proteinG, (f.proteinG * it.grams) / 100);
        expectRoundedTo01(it.carbsG, (f.carbsG * it.grams) / 100);
        expectRoundedTo01(it.fatG, (f.fatG * it.grams) / 100);
      }
    }
  });

  it('has a rotation of distinct days (rotating protein sources) repeated over the program', () => {
    const rotation = plan.rotationDays;
    const signatures = new Set<string>();
    for (let day = 1; day <= rotation; day++) signatures.add(daySignature(byDay.get(day) ?? []));
    expect(signatures.size).toBe(rotation);
    if (input.days >= 7) expect(signatures.size).toBeGreaterThanOrEqual(7);
    for (let day = rotation + 1; day <= input.days; day++) {
      expect(daySignature(byDay.get(day) ?? [])).toBe(daySignature(byDay.get(((day - 1) % rotation) + 1) ?? []));
    }
    // The first item is the protein source: it rotates in every slot (a vegan with a soy allergy
    // has only three high-protein main-meal sources: seitan, vital wheat gluten, lentils).
    const rotationMeals = plan.meals.filter((m) => m.day <= rotation);
    expect(new Set(rotationMeals.map((m) => m.items[0].foodId)).size).toBeGreaterThanOrEqual(4);
    for (let slot = 1; slot <= input.mealsPerDay; slot++) {
      const proteins = new Set(rotationMeals.filter((m) => m.slot === slot).map((m) => m.items[0].foodId));
      expect(proteins.size).toBeGreaterThanOrEqual(2);
    }
  });

  it('is deterministic (same input, same output, whatever the catalogue order)', () => {
    expect(generateMealPlan(input, FOODS)).toEqual(plan);
    expect(generateMealPlan(input, [...FOODS].reverse())).toEqual(plan);
  });
});

describe('generateMealPlan: errors and edge cases', () => {
  const base = PROFILES[0].input;

  it('throws a RangeError when nothing is allowed', () => {
    expect(() => generateMealPlan({ ...base, excludedFoods: FOODS.map((f) => f.id) }, FOODS)).toThrow(RangeError);
    expect(() => generateMealPlan({ ...base, excludedFoods: FOODS.map((f) => f.id) }, FOODS)).toThrow(
      /no foods are allowed/,
    );
    expect(() => generateMealPlan(base, [])).toThrow(/no foods are allowed/);
    // The refusal names the answer that removed the foods: here the exclusions.
    expect(() => generateMealPlan({ ...base, excludedFoods: FOODS.map((f) => f.id) }, FOODS)).toThrow(
      expect.objectContaining({ answer: 'excludedFoods' }),
    );
  });

  it('throws a RangeError naming the meal when the allowed foods cannot build it', () => {
    // Only fruit and vegetables left: no protein source for any meal.
    const onlyProduce = FOODS.filter((f) => f.category !== 'fruit' && f.category !== 'vegetable').map((f) => f.id);
    expect(() => generateMealPlan({ ...base, excludedFoods: onlyProduce }, FOODS)).toThrow(RangeError);
    expect(() => generateMealPlan({ ...base, excludedFoods: onlyProduce }, FOODS)).toThrow(/cannot build Breakfast/);
  });

  it('names the missing protein foods and the allergies that removed them', () => {
    // Vegan, soy and gluten allergies, protein 32 % of energy: lentils (31 %) are the densest left.
    const input: MealPlanInput = {
      ...base,
      targets: { kcal: 1800, proteinG: 144, carbsG: 185, fatG: 50, fibreG: 25 },
      mealsPerDay: 3,
      dietType: 'VEGAN',
      allergies: ['soy', 'gluten'],
    };
    const error = (() => {
      try {
        generateMealPlan(input, FOODS);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(MealPlanInfeasibleError);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as MealPlanInfeasibleError).answer).toBe('allergies');
    expect((error as Error).message).toMatch(
      /no (breakfast|main-meal) protein food that fits a vegan diet with soy and gluten allergies is dense enough/,
    );
    // Without the allergies, soy and seitan make it possible.
    expect(() => generateMealPlan({ ...input, allergies: [] }, FOODS)).not.toThrow();
  });

  it('names the excluded foods when they remove every protein food of a meal', () => {
    const proteinFoods = FOODS.filter((f) => !['fruit', 'vegetable', 'grain', 'fat'].includes(f.category)).map((f) => f.id);
    const error = (() => {
      try {
        generateMealPlan({ ...base, excludedFoods: proteinFoods }, FOODS);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(MealPlanInfeasibleError);
    expect((error as MealPlanInfeasibleError).answer).toBe('excludedFoods');
    expect((error as Error).message).toMatch(/no breakfast protein food fits an omnivore diet, without \d+ excluded foods/);
  });

  it('validates the input', () => {
    expect(() => generateMealPlan({ ...base, mealsPerDay: 7 }, FOODS)).toThrow(RangeError);
    expect(() => generateMealPlan({ ...base, mealsPerDay: 1 }, FOODS)).toThrow(RangeError);
    expect(() => generateMealPlan({ ...base, days: 0 }, FOODS)).toThrow(RangeError);
    expect(() => generateMealPlan({ ...base, days: 1.5 }, FOODS)).toThrow(RangeError);
    expect(() => generateMealPlan({ ...base, startDate: '2025-02-30' }, FOODS)).toThrow(RangeError);
    expect(() => generateMealPlan({ ...base, startDate: '06/01/2025' }, FOODS)).toThrow(RangeError);
    expect(() => generateMealPlan({ ...base, targets: { ...base.targets, kcal: 0 } }, FOODS)).toThrow(RangeError);
    expect(() => generateMealPlan({ ...base, targets: { ...base.targets, proteinG: Number.NaN } }, FOODS)).toThrow(
      RangeError,
    );
    expect(() => generateMealPlan({ ...base, allergies: ['nuts'] }, FOODS)).toThrow(RangeError);
  });

  it('handles programs shorter than the rotation', () => {
    const plan = generateMealPlan({ ...base, days: 3 }, FOODS);
    expect(plan.rotationDays).toBe(3);
    expect(plan.meals).toHaveLength(3 * base.mealsPerDay);
    expect(plan.meals.map((m) => m.date)).toEqual(
      [1, 2, 3].flatMap((d) => Array.from({ length: base.mealsPerDay }, () => addDays(base.startDate, d - 1))),
    );
    // The first days are the same as in the long plan.
    const long = generateMealPlan(base, FOODS);
    expect(plan.meals).toEqual(long.meals.slice(0, plan.meals.length));
  });

  it('returns fresh item objects for each day (no shared references)', () => {
    const plan = generateMealPlan({ ...base, days: 14 }, FOODS);
    const d1 = plan.meals.find((m) => m.day === 1 && m.slot === 1);
    const d8 = plan.meals.find((m) => m.day === 8 && m.slot === 1);
    expect(d8?.items).toEqual(d1?.items);
    expect(d8?.items[0]).not.toBe(d1?.items[0]);
  });
});
