import { EXERCISES, EXERCISE_LIBRARY_VERSION } from './exercises.data';
import { FOODS, FOOD_CATALOG_VERSION } from './foods.data';
import type {
  Allergen,
  Contraindication,
  Difficulty,
  Equipment,
  FoodCategory,
  MovementPattern,
  Muscle,
} from './reference.types';

const SLUG = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

// Exhaustive lists of the union types: `satisfies Record<X, true>` makes tsc fail if a member is
// added to (or removed from) the type without updating the test.
const MUSCLES = Object.keys({
  quads: true, hamstrings: true, glutes: true, calves: true, adductors: true, abductors: true,
  chest: true, front_delts: true, side_delts: true, rear_delts: true, lats: true, upper_back: true,
  traps: true, biceps: true, triceps: true, forearms: true, abs: true, obliques: true, lower_back: true,
} satisfies Record<Muscle, true>) as Muscle[];

const EQUIPMENT = Object.keys({
  bodyweight: true, dumbbell: true, barbell: true, kettlebell: true, cable: true, machine: true,
  resistance_band: true, pullup_bar: true, bench: true, cardio_machine: true,
} satisfies Record<Equipment, true>) as Equipment[];

const PATTERNS = Object.keys({
  squat: true, hinge: true, lunge: true, horizontal_push: true, vertical_push: true,
  horizontal_pull: true, vertical_pull: true, carry: true, core: true, isolation: true, conditioning: true,
} satisfies Record<MovementPattern, true>) as MovementPattern[];

const DIFFICULTIES = Object.keys({
  beginner: true, intermediate: true, advanced: true,
} satisfies Record<Difficulty, true>) as Difficulty[];

const CONTRAINDICATIONS = Object.keys({
  knee: true, shoulder: true, lower_back: true, elbow: true, wrist: true, hip: true, ankle: true, neck: true,
} satisfies Record<Contraindication, true>) as Contraindication[];

const ALLERGENS = Object.keys({
  gluten: true, dairy: true, egg: true, peanut: true, tree_nut: true, soy: true, fish: true,
  shellfish: true, sesame: true,
} satisfies Record<Allergen, true>) as Allergen[];

const CATEGORIES = Object.keys({
  protein: true, dairy: true, grain: true, legume: true, vegetable: true, fruit: true, fat: true,
  nut_seed: true, beverage: true, other: true,
} satisfies Record<FoodCategory, true>) as FoodCategory[];

const MEAL_TAGS = ['breakfast', 'main', 'snack'] as const;

/** Ids (or other strings) that occur more than once. */
function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dup.add(v);
    seen.add(v);
  }
  return [...dup];
}

describe('exercise library', () => {
  it('has a version and enough exercises', () => {
    expect(EXERCISE_LIBRARY_VERSION).toBeGreaterThanOrEqual(1);
    expect(EXERCISES.length).toBeGreaterThanOrEqual(120);
  });

  it('has unique, slug-formatted ids and unique names', () => {
    expect(duplicates(EXERCISES.map((e) => e.id))).toEqual([]);
    expect(duplicates(EXERCISES.map((e) => e.name.toLowerCase()))).toEqual([]);
    expect(EXERCISES.filter((e) => !SLUG.test(e.id)).map((e) => e.id)).toEqual([]);
  });

  it('only uses known vocabulary values', () => {
    for (const e of EXERCISES) {
      expect({ id: e.id, ok: PATTERNS.includes(e.movementPattern) }).toEqual({ id: e.id, ok: true });
      expect({ id: e.id, ok: DIFFICULTIES.includes(e.difficulty) }).toEqual({ id: e.id, ok: true });
      const unknown = [
        ...[...e.primaryMuscles, ...e.secondaryMuscles].filter((m) => !MUSCLES.includes(m)),
        ...e.equipment.filter((q) => !EQUIPMENT.includes(q)),
        ...e.contraindications.filter((c) => !CONTRAINDICATIONS.includes(c)),
      ];
      expect({ id: e.id, unknown }).toEqual({ id: e.id, unknown: [] });
    }
  });

  it('has well-formed muscle, equipment and contraindication lists', () => {
    for (const e of EXERCISES) {
      expect({ id: e.id, name: e.name.trim().length > 0 }).toEqual({ id: e.id, name: true });
      expect({ id: e.id, primaries: e.primaryMuscles.length > 0 }).toEqual({ id: e.id, primaries: true });
      expect({ id: e.id, equipment: e.equipment.length > 0 }).toEqual({ id: e.id, equipment: true });
      const overlap = e.secondaryMuscles.filter((m) => e.primaryMuscles.includes(m));
      expect({ id: e.id, overlap }).toEqual({ id: e.id, overlap: [] });
      const dups = [
        ...duplicates(e.primaryMuscles),
        ...duplicates(e.secondaryMuscles),
        ...duplicates(e.equipment),
        ...duplicates(e.contraindications),
      ];
      expect({ id: e.id, dups }).toEqual({ id: e.id, dups: [] });
    }
  });

  it('has every muscle as a primary muscle at least twice', () => {
    const short = MUSCLES.filter((m) => EXERCISES.filter((e) => e.primaryMuscles.includes(m)).length < 2);
    expect(short).toEqual([]);
  });

  it('uses every equipment value, every movement pattern and every difficulty', () => {
    expect(EQUIPMENT.filter((q) => !EXERCISES.some((e) => e.equipment.includes(q)))).toEqual([]);
    expect(PATTERNS.filter((p) => !EXERCISES.some((e) => e.movementPattern === p))).toEqual([]);
    expect(DIFFICULTIES.filter((d) => !EXERCISES.some((e) => e.difficulty === d))).toEqual([]);
  });

  it('has plenty of bodyweight-only and dumbbell-only options', () => {
    const only = (q: Equipment) =>
      EXERCISES.filter((e) => e.equipment.length === 1 && e.equipment[0] === q).length;
    expect(only('bodyweight')).toBeGreaterThanOrEqual(25);
    expect(only('dumbbell')).toBeGreaterThanOrEqual(20);
  });

  it('flags the obvious risky patterns with realistic contraindications', () => {
    const byId = new Map(EXERCISES.map((e) => [e.id, e]));
    const expectFlag = (id: string, c: Contraindication) => {
      const e = byId.get(id);
      expect({ id, has: e?.contraindications.includes(c) }).toEqual({ id, has: true });
    };
    expectFlag('barbell_back_squat', 'knee');
    expectFlag('barbell_deadlift', 'lower_back');
    expectFlag('barbell_overhead_press', 'shoulder');
    // Every overhead press and every free-weight hinge/bent-over row is flagged.
    for (const e of EXERCISES) {
      if (e.movementPattern === 'vertical_push' && /overhead|shoulder press|pike|handstand|push press/i.test(e.name)) {
        expect({ id: e.id, shoulder: e.contraindications.includes('shoulder') }).toEqual({ id: e.id, shoulder: true });
      }
      if (/deadlift|good morning|bent-over row/i.test(e.name) && !/single-leg hip hinge/i.test(e.name)) {
        expect({ id: e.id, lowerBack: e.contraindications.includes('lower_back') }).toEqual({ id: e.id, lowerBack: true });
      }
    }
  });

  it('leaves enough safe options per major muscle for knee, shoulder and lower-back injuries', () => {
    const injuries: Contraindication[] = ['knee', 'shoulder', 'lower_back'];
    const gaps: string[] = [];
    for (const injury of injuries) {
      for (const m of MUSCLES) {
        const safe = EXERCISES.filter(
          (e) => e.primaryMuscles.includes(m) && !e.contraindications.includes(injury),
        ).length;
        // lower_back as a *target* muscle is the one where fewer safe options are expected.
        const needed = m === 'lower_back' ? 2 : 3;
        if (safe < needed) gaps.push(`${injury}/${m}: ${safe}`);
      }
    }
    expect(gaps).toEqual([]);
  });
});

describe('food catalogue', () => {
  it('has a version and enough foods', () => {
    expect(FOOD_CATALOG_VERSION).toBeGreaterThanOrEqual(1);
    expect(FOODS.length).toBeGreaterThanOrEqual(200);
  });

  it('has unique, slug-formatted ids and unique names', () => {
    expect(duplicates(FOODS.map((f) => f.id))).toEqual([]);
    expect(duplicates(FOODS.map((f) => f.name.toLowerCase()))).toEqual([]);
    expect(FOODS.filter((f) => !SLUG.test(f.id)).map((f) => f.id)).toEqual([]);
  });

  it('only uses known vocabulary values and has non-empty source, name and meal tags', () => {
    for (const f of FOODS) {
      const problems = [
        ...(CATEGORIES.includes(f.category) ? [] : [`category ${f.category}`]),
        ...f.allergens.filter((a) => !ALLERGENS.includes(a)).map((a) => `allergen ${a}`),
        ...f.mealTags.filter((t) => !MEAL_TAGS.includes(t)).map((t) => `mealTag ${t}`),
        ...(f.mealTags.length > 0 ? [] : ['no mealTags']),
        ...(f.source.trim().length > 0 ? [] : ['empty source']),
        ...(/USDA|FDC/.test(f.source) ? [] : ['source does not name USDA FDC']),
        ...(f.name.trim().length > 0 ? [] : ['empty name']),
        ...duplicates(f.allergens),
        ...duplicates(f.mealTags),
      ];
      expect({ id: f.id, problems }).toEqual({ id: f.id, problems: [] });
    }
  });

  it('has plausible per-100 g nutrient figures', () => {
    for (const f of FOODS) {
      const problems: string[] = [];
      for (const [k, v] of Object.entries({ kcal: f.kcal, proteinG: f.proteinG, carbsG: f.carbsG, fatG: f.fatG, fibreG: f.fibreG })) {
        if (!Number.isFinite(v) || v < 0) problems.push(`${k}=${v}`);
      }
      if (f.kcal > 900) problems.push(`kcal ${f.kcal} > 900`);
      if (f.proteinG + f.carbsG + f.fatG > 100.5) problems.push('macros exceed 100 g');
      // FDC carbohydrate is "by difference", so it includes fibre.
      if (f.fibreG > f.carbsG + 0.5) problems.push(`fibre ${f.fibreG} > carbs ${f.carbsG}`);
      if (!(f.portionG > 0 && f.portionG <= 500)) problems.push(`portionG ${f.portionG}`);
      expect({ id: f.id, problems }).toEqual({ id: f.id, problems: [] });
    }
  });

  it('is Atwater-consistent: 4P + 4C + 9F within 15% (or 25 kcal) of kcal', () => {
    const off = FOODS.filter((f) => !(f.category === 'beverage' && f.kcal <= 5))
      .map((f) => {
        const atwater = 4 * f.proteinG + 4 * f.carbsG + 9 * f.fatG;
        const diff = Math.abs(atwater - f.kcal);
        return { id: f.id, kcal: f.kcal, atwater: Math.round(atwater), ok: diff <= Math.max(25, 0.15 * f.kcal) };
      })
      .filter((r) => !r.ok);
    expect(off).toEqual([]);
  });

  it('has consistent diet flags', () => {
    for (const f of FOODS) {
      const problems = [
        ...(f.vegan && !f.vegetarian ? ['vegan but not vegetarian'] : []),
        ...(f.vegan && !f.pescatarian ? ['vegan but not pescatarian'] : []),
        ...(f.vegetarian && !f.pescatarian ? ['vegetarian but not pescatarian'] : []),
      ];
      expect({ id: f.id, problems }).toEqual({ id: f.id, problems: [] });
    }
  });

  it('never flags animal-allergen foods as vegan, or fish/shellfish as vegetarian', () => {
    const animal: Allergen[] = ['dairy', 'egg', 'fish', 'shellfish'];
    expect(FOODS.filter((f) => f.vegan && f.allergens.some((a) => animal.includes(a))).map((f) => f.id)).toEqual([]);
    expect(
      FOODS.filter((f) => f.vegetarian && f.allergens.some((a) => a === 'fish' || a === 'shellfish')).map((f) => f.id),
    ).toEqual([]);
    // Fish and shellfish are pescatarian; dairy and egg foods are vegetarian.
    expect(
      FOODS.filter((f) => f.allergens.some((a) => a === 'fish' || a === 'shellfish') && !f.pescatarian).map((f) => f.id),
    ).toEqual([]);
    expect(
      FOODS.filter((f) => (f.category === 'dairy' || /^egg_/.test(f.id)) && !f.vegetarian).map((f) => f.id),
    ).toEqual([]);
  });

  it('flags the obvious allergens', () => {
    const byId = new Map(FOODS.map((f) => [f.id, f]));
    const expectAllergen = (id: string, a: Allergen) => {
      expect({ id, has: byId.get(id)?.allergens.includes(a) }).toEqual({ id, has: true });
    };
    expectAllergen('whole_wheat_bread', 'gluten');
    expectAllergen('seitan', 'gluten');
    expectAllergen('milk_whole', 'dairy');
    expectAllergen('whey_protein_powder', 'dairy');
    expectAllergen('tofu_firm', 'soy');
    expectAllergen('soy_milk_unsweetened', 'soy');
    expectAllergen('peanut_butter_smooth', 'peanut');
    expectAllergen('almonds', 'tree_nut');
    expectAllergen('tahini', 'sesame');
    expectAllergen('egg_whole_raw', 'egg');
    expectAllergen('salmon_atlantic_farmed_cooked', 'fish');
    expectAllergen('shrimp_cooked', 'shellfish');
    // Every dairy-category food carries the dairy allergen; every wheat/barley staple carries gluten.
    expect(FOODS.filter((f) => f.category === 'dairy' && !f.allergens.includes('dairy')).map((f) => f.id)).toEqual([]);
    expect(
      FOODS.filter((f) => /\b(bread|pasta|couscous|bulgur|barley|bagel|pita|seitan)\b/i.test(f.name) && !f.allergens.includes('gluten'))
        .map((f) => f.id),
    ).toEqual([]);
  });

  it('gives a meal planner a broad spread of foods', () => {
    const count = (p: (f: (typeof FOODS)[number]) => boolean) => FOODS.filter(p).length;
    expect(count((f) => f.vegan && (f.category === 'protein' || f.category === 'legume'))).toBeGreaterThanOrEqual(25);
    expect(count((f) => f.category === 'vegetable')).toBeGreaterThanOrEqual(25);
    expect(count((f) => f.category === 'fruit')).toBeGreaterThanOrEqual(25);
    expect(count((f) => f.category === 'grain')).toBeGreaterThanOrEqual(25);
    expect(count((f) => f.category === 'dairy')).toBeGreaterThanOrEqual(8);
    expect(count((f) => f.category === 'nut_seed')).toBeGreaterThanOrEqual(10);
    expect(count((f) => f.category === 'fat')).toBeGreaterThanOrEqual(4);
    expect(count((f) => f.allergens.includes('egg') && f.category === 'protein')).toBeGreaterThanOrEqual(2);
    expect(count((f) => !f.pescatarian)).toBeGreaterThanOrEqual(8); // meats
    expect(count((f) => f.pescatarian && !f.vegetarian)).toBeGreaterThanOrEqual(8); // fish & shellfish
    // Restricted variants still have protein sources and starches for every meal.
    const restricted: { label: string; ok: (f: (typeof FOODS)[number]) => boolean }[] = [
      { label: 'vegan', ok: (f) => f.vegan },
      { label: 'vegetarian', ok: (f) => f.vegetarian },
      { label: 'pescatarian', ok: (f) => f.pescatarian },
      { label: 'vegan gluten-free', ok: (f) => f.vegan && !f.allergens.includes('gluten') },
      { label: 'vegan nut-free', ok: (f) => f.vegan && !f.allergens.some((a) => a === 'tree_nut' || a === 'peanut') },
      { label: 'vegetarian dairy-free', ok: (f) => f.vegetarian && !f.allergens.includes('dairy') },
      { label: 'gluten-free dairy-free', ok: (f) => !f.allergens.includes('gluten') && !f.allergens.includes('dairy') },
    ];
    for (const r of restricted) {
      const pool = FOODS.filter(r.ok);
      const proteinRich = pool.filter((f) => f.proteinG >= 10 && f.category !== 'nut_seed').length;
      const starches = pool.filter((f) => f.category === 'grain').length;
      const perMeal = MEAL_TAGS.map((t) => pool.filter((f) => f.mealTags.includes(t)).length);
      expect({ diet: r.label, enoughProtein: proteinRich >= 5, enoughStarch: starches >= 5, everyMeal: perMeal.every((n) => n >= 10) })
        .toEqual({ diet: r.label, enoughProtein: true, enoughStarch: true, everyMeal: true });
    }
  });

  it('tags meals sensibly for well-known foods', () => {
    const byId = new Map(FOODS.map((f) => [f.id, f]));
    expect(byId.get('oats_rolled_dry')?.mealTags).toContain('breakfast');
    expect(byId.get('chicken_breast_roasted')?.mealTags).toContain('main');
    expect(byId.get('almonds')?.mealTags).toContain('snack');
  });
});
