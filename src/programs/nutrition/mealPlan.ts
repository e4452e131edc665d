/**
 * Meal-plan generator: daily nutrition targets -> a rotation of 7 distinct days of meals built
 * from the food catalogue, repeated over the program. Pure and deterministic: no clock, no
 * randomness, no I/O; the same input and catalogue always give the same plan.
 * Constants and their justification: ./mealPlan.constants.ts.
 *
 * Method
 * 1. Foods: `allowedFoods` keeps the catalogue foods that fit the diet flag, carry none of the
 *    user's allergens and are not excluded by id.
 * 2. Meals: the day's targets (energy, protein, carbs, fat, fibre) are split over the slots by
 *    MEAL_SLOTS (e.g. 4 meals = Breakfast 25 / Lunch 35 / Snack 10 / Dinner 30 %), protein with
 *    the same shares as energy. A breakfast or main meal is protein source + carbohydrate source
 *    + vegetable/fruit (+ fat source when needed); a snack is protein source + fruit/vegetable
 *    (+ fat source when needed): 2-4 items. Each role has a pool of suitable allowed foods (by
 *    category, macro shares and mealTags; see `rolePools` and the constants), in a fixed
 *    hash-of-id order, so neighbouring catalogue entries (three kinds of chicken) are spread out
 *    and the result does not depend on the catalogue's order.
 * 3. Portions: for a chosen combination the grams g (one per item) minimise a weighted
 *    least-squares objective on relative errors — energy and protein with weight 10 000, carbs
 *    and fat 1, fibre 0.3 — plus a small pull of each portion towards its typical size, subject
 *    to box bounds from portionG (PORTION_BOUNDS, MAX_ITEM_G; the protein source must carry at
 *    least half of the meal's protein). Protein is a floor, not a band: when the bounds force
 *    more protein than the target and holding it there would cost energy, the meal is solved
 *    again with protein weighted like carbs and fat. A cheap fractional-knapsack test first
 *    discards combinations that cannot reach the energy tolerance and the protein floor within
 *    the bounds. The quadratic is strictly convex with ≤ 5 variables and is solved exactly by
 *    active-set enumeration (see `solveBox`). Grams are then rounded (5 g, or 1 g for
 *    small-portion foods), the item values are computed from the rounded grams, and if the
 *    rounded meal is not within half of the tolerances a greedy repair moves single items by
 *    ±1 step while that lowers (violation × 10⁶ + objective). A combination is accepted only if
 *    the meal, computed exactly as it is output (sums of the rounded items), is within ±5 % of
 *    its energy target and has at least 90 % of its protein target. Preferred, in order: within
 *    half of those tolerances and within +5 % of the protein target; then with at most 35 % of
 *    the meal's energy from protein; then anything accepted (see `Quality`).
 * 4. Search: combinations are tried in a deterministic order around start indices that rotate
 *    with the day and the slot (so protein sources rotate): every protein source with the first
 *    carbohydrate/produce pair, then every protein source with the next pairs (`proteinMajor`).
 *    A combination is first solved without a fat source; a fat source is added (up to
 *    MAX_FAT_OPTIONS_PER_COMBINATION, rotated) when the meal reaches < 60 % of its fat target or
 *    misses the preferred tolerances without one. Combinations already used by the same slot on
 *    an earlier rotation day, or repeating a protein already eaten that day, are taken only when
 *    nothing fresh fits (this keeps the 7 rotation days distinct). Once a fresh meal above its
 *    protein target is found, a few more combinations are tried for one nearer the target
 *    (MAX_COMBINATIONS_AFTER_FRESH_FALLBACK). If a tier finds nothing, a lower protein threshold
 *    and then fallback meal tags are tried (FALLBACK_TAGS); if nothing fits at all, a
 *    MealPlanInfeasibleError (a RangeError) names the meal, the missing food group (a protein
 *    food, or one dense enough) and the answer that removed it. All caps are deterministic.
 * 5. Plan: the 7 rotation days are solved once (solutions are memoised per meal target, so
 *    slots with equal targets share work); plan day n (1-based) uses rotation day (n − 1) mod 7;
 *    week = floor((n − 1) / 7) + 1; date = startDate + n − 1 (UTC calendar arithmetic).
 *
 * Item values: kcal whole kcal, macros to 0.1 g, from the rounded grams. Meal values are the sums
 * of the items (macros re-rounded to 0.1 g to remove floating-point noise).
 */
import { addDays, isCalendarDate } from '../../core/dates';
import type { Allergen, FoodRef } from '../../reference/reference.types';
import type { PlannedMeal, PlannedMealItem } from '../plan.types';
import { KCAL_PER_G_PROTEIN, PROTEIN_MAX_ENERGY_FRACTION } from './nutrition.constants';
import {
  CARB_AND_PRODUCE_MIN_PORTION_G,
  CARB_SOURCE_MAX_PROTEIN_ENERGY_SHARE,
  COARSE_ROUNDING_MIN_PORTION_G,
  COARSE_ROUNDING_STEP_G,
  DAYS_PER_WEEK,
  ENERGY_TOLERANCE,
  FALLBACK_TAGS,
  FAT_NEEDED_BELOW_TARGET_SHARE,
  FAT_SOURCE_MIN_ENERGY_SHARE,
  FINE_ROUNDING_STEP_G,
  MAX_COMBINATIONS_AFTER_FRESH_FALLBACK,
  MAX_COMBINATIONS_PER_TIER,
  MAX_COMBINATIONS_VISITED_PER_TIER,
  MAX_FAT_OPTIONS_PER_COMBINATION,
  MAX_MEALS_PER_DAY,
  MAX_ITEM_G,
  MAX_ROUNDING_REPAIR_STEPS,
  MEAL_SLOTS,
  MIN_MEALS_PER_DAY,
  PORTION_BOUNDS,
  PORTION_BOUNDS_REFERENCE_MEAL_KCAL,
  PREFERRED_TOLERANCE_FRACTION,
  PROTEIN_SOURCE_MIN_ENERGY_SHARE_PRIMARY,
  PROTEIN_SOURCE_MIN_ENERGY_SHARE_SECONDARY,
  PROTEIN_SOURCE_MIN_PROTEIN_PER_PORTION_G,
  PROTEIN_SOURCE_MIN_SHARE_OF_MEAL_PROTEIN,
  PROTEIN_TOLERANCE,
  ROTATION_DAYS,
  SOLVER_WEIGHTS,
  STARCHY_VEGETABLE_MIN_CARBS_G,
  type MealKind,
  type MealSlotSpec,
} from './mealPlan.constants';

export type DietType = 'OMNIVORE' | 'PESCATARIAN' | 'VEGETARIAN' | 'VEGAN';

export interface MealPlanInput {
  targets: { kcal: number; proteinG: number; carbsG: number; fatG: number; fibreG: number };
  /** 2-6 */
  mealsPerDay: number;
  dietType: DietType;
  /** Allergen vocabulary (reference.types Allergen). */
  allergies: string[];
  /** Food ids; ids that are not in the catalogue are ignored. */
  excludedFoods: string[];
  /** YYYY-MM-DD: program day 1. */
  startDate: string;
  /** Program length in days (e.g. 84). */
  days: number;
}

export interface MealPlan {
  meals: PlannedMeal[];
  /** Length of the repeating cycle of distinct days (7; fewer only for a shorter program). */
  rotationDays: number;
}

const ALLERGENS: readonly Allergen[] = [
  'gluten', 'dairy', 'egg', 'peanut', 'tree_nut', 'soy', 'fish', 'shellfish', 'sesame',
];
const DIET_TYPES: readonly DietType[] = ['OMNIVORE', 'PESCATARIAN', 'VEGETARIAN', 'VEGAN'];

// ---------------------------------------------------------------------------
// Allowed foods
// ---------------------------------------------------------------------------

function fitsDiet(food: FoodRef, diet: DietType): boolean {
  switch (diet) {
    case 'OMNIVORE':
      return true;
    case 'PESCATARIAN':
      return food.pescatarian;
    case 'VEGETARIAN':
      return food.vegetarian;
    case 'VEGAN':
      return food.vegan;
  }
}

/**
 * Catalogue foods allowed for the diet type, free of all the given allergens and not excluded by
 * id, in catalogue order. Throws RangeError for an unknown diet type or allergen (so a typo never
 * silently lets an allergen through). Unknown excluded ids are ignored.
 */
export function allowedFoods(
  input: Pick<MealPlanInput, 'dietType' | 'allergies' | 'excludedFoods'>,
  catalog: readonly FoodRef[],
): FoodRef[] {
  if (!DIET_TYPES.includes(input.dietType)) {
    throw new RangeError(`dietType must be one of ${DIET_TYPES.join(', ')}, got ${String(input.dietType)}`);
  }
  const allergies = new Set<string>();
  for (const a of input.allergies ?? []) {
    if (!ALLERGENS.includes(a as Allergen)) {
      throw new RangeError(`unknown allergen ${String(a)}; expected one of ${ALLERGENS.join(', ')}`);
    }
    allergies.add(a);
  }
  const excluded = new Set(input.excludedFoods ?? []);
  return catalog.filter(
    (f) => fitsDiet(f, input.dietType) && !excluded.has(f.id) && !f.allergens.some((a) => allergies.has(a)),
  );
}

// ---------------------------------------------------------------------------
// Roles and pools
// ---------------------------------------------------------------------------

type Role = 'protein' | 'carb' | 'produce' | 'fat';

/** Roles of a meal, in item order; the fat role is optional and added separately. */
const TEMPLATE: Readonly<Record<MealKind, readonly Exclude<Role, 'fat'>[]>> = {
  breakfast: ['protein', 'carb', 'produce'],
  main: ['protein', 'carb', 'produce'],
  snack: ['protein', 'produce'],
};

const proteinShare = (f: FoodRef): number => (f.kcal > 0 ? (KCAL_PER_G_PROTEIN * f.proteinG) / f.kcal : 0);
const carbShare = (f: FoodRef): number => (f.kcal > 0 ? (4 * f.carbsG) / f.kcal : 0);
const fatShare = (f: FoodRef): number => (f.kcal > 0 ? (9 * f.fatG) / f.kcal : 0);

function isProteinSource(f: FoodRef, minShare: number): boolean {
  return (
    (f.category === 'protein' || f.category === 'dairy' || f.category === 'legume' ||
      f.category === 'nut_seed' || f.category === 'beverage') &&
    (f.proteinG * f.portionG) / 100 >= PROTEIN_SOURCE_MIN_PROTEIN_PER_PORTION_G &&
    proteinShare(f) >= minShare
  );
}

function isCarbSource(f: FoodRef): boolean {
  return (
    f.portionG >= CARB_AND_PRODUCE_MIN_PORTION_G &&
    proteinShare(f) < CARB_SOURCE_MAX_PROTEIN_ENERGY_SHARE &&
    (f.category === 'grain' || (f.category === 'vegetable' && f.carbsG >= STARCHY_VEGETABLE_MIN_CARBS_G))
  );
}

function isProduce(f: FoodRef, kind: MealKind): boolean {
  if (f.portionG < CARB_AND_PRODUCE_MIN_PORTION_G || fatShare(f) >= FAT_SOURCE_MIN_ENERGY_SHARE) return false;
  if (f.category === 'vegetable') return f.carbsG < STARCHY_VEGETABLE_MIN_CARBS_G;
  // Fruit goes with breakfast and snacks; at lunch/dinner the 'fruit' entries are lemon/lime.
  return f.category === 'fruit' && kind !== 'main';
}

function isFatSource(f: FoodRef): boolean {
  return (
    f.category === 'fat' ||
    ((f.category === 'nut_seed' || f.category === 'fruit' || f.category === 'vegetable') &&
      fatShare(f) >= FAT_SOURCE_MIN_ENERGY_SHARE)
  );
}

/** FNV-1a 32-bit hash: a stable, catalogue-order-independent ordering of the pools. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function spread(foods: FoodRef[]): FoodRef[] {
  return foods
    .map((f) => ({ f, h: hashId(f.id) }))
    .sort((a, b) => a.h - b.h || (a.f.id < b.f.id ? -1 : a.f.id > b.f.id ? 1 : 0))
    .map((x) => x.f);
}

interface Pools {
  protein: FoodRef[];
  carb: FoodRef[];
  produce: FoodRef[];
  fat: FoodRef[];
}

/** One search tier: which meal tags and which protein threshold. */
interface Tier {
  tags: readonly MealKind[];
  proteinMinShare: number;
}

function tiersFor(kind: MealKind): Tier[] {
  const own = [kind];
  const wide = [kind, ...FALLBACK_TAGS[kind]];
  return [
    { tags: own, proteinMinShare: PROTEIN_SOURCE_MIN_ENERGY_SHARE_PRIMARY },
    { tags: own, proteinMinShare: PROTEIN_SOURCE_MIN_ENERGY_SHARE_SECONDARY },
    { tags: wide, proteinMinShare: PROTEIN_SOURCE_MIN_ENERGY_SHARE_PRIMARY },
    { tags: wide, proteinMinShare: PROTEIN_SOURCE_MIN_ENERGY_SHARE_SECONDARY },
  ];
}

/** `foods` must already be in `spread` order; filtering keeps that order. */
function rolePools(foods: readonly FoodRef[], kind: MealKind, tier: Tier): Pools {
  const tagged = foods.filter((f) => f.kcal > 0 && f.mealTags.some((t) => tier.tags.includes(t)));
  return {
    protein: tagged.filter((f) => isProteinSource(f, tier.proteinMinShare)),
    carb: kind === 'snack' ? [] : tagged.filter(isCarbSource),
    produce: tagged.filter((f) => isProduce(f, kind)),
    fat: tagged.filter(isFatSource),
  };
}

// ---------------------------------------------------------------------------
// Portion solver
// ---------------------------------------------------------------------------

interface MealTargets {
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
  fibreG: number;
}

interface Candidate {
  food: FoodRef;
  role: Role;
}

interface Problem {
  n: number;
  foods: FoodRef[];
  lo: number[];
  hi: number[];
  step: number[];
  /** The objective is ½gᵀHg − cᵀg (+ a constant). */
  H: number[][];
  c: number[];
}

interface Bounds {
  lo: number[];
  hi: number[];
  step: number[];
}

/**
 * Portion bounds on the rounding grid (so rounded grams stay inside them); upper bounds scale up
 * for meals above PORTION_BOUNDS_REFERENCE_MEAL_KCAL.
 */
function boundsFor(items: readonly Candidate[], t: MealTargets): Bounds {
  const lo: number[] = [];
  const hi: number[] = [];
  const step: number[] = [];
  const scale = Math.max(1, t.kcal / PORTION_BOUNDS_REFERENCE_MEAL_KCAL);
  for (const it of items) {
    const f = it.food;
    const st = f.portionG >= COARSE_ROUNDING_MIN_PORTION_G ? COARSE_ROUNDING_STEP_G : FINE_ROUNDING_STEP_G;
    const b = PORTION_BOUNDS[it.role];
    const h = Math.max(st, Math.floor((scale * Math.min(MAX_ITEM_G, b.max * f.portionG)) / st) * st);
    let l = b.min * f.portionG;
    if (it.role === 'protein') {
      // The protein source carries at least half of the meal's protein (when its bounds allow).
      l = Math.max(l, (PROTEIN_SOURCE_MIN_SHARE_OF_MEAL_PROTEIN * t.proteinG * 100) / f.proteinG);
    }
    lo.push(Math.min(h, Math.max(st, Math.ceil(l / st) * st)));
    hi.push(h);
    step.push(st);
  }
  return { lo, hi, step };
}

/**
 * Cheap necessary condition (exact for the continuous relaxation): can any portions within the
 * bounds give energy within the tolerance AND at least the protein floor? With one energy
 * constraint, the most protein is a fractional-knapsack solution: from the lower bounds, spend
 * the remaining energy on the items in order of protein per kcal. Skips the least-squares solve
 * for hopeless combinations.
 */
function maybeFeasible(items: readonly Candidate[], b: Bounds, t: MealTargets): 'ok' | 'protein_short' | 'other' {
  const n = items.length;
  const eMin = t.kcal * (1 - ENERGY_TOLERANCE);
  const eMax = t.kcal * (1 + ENERGY_TOLERANCE);
  let eLo = 0;
  let eHi = 0;
  let pLo = 0;
  for (let i = 0; i < n; i++) {
    const f = items[i].food;
    eLo += (f.kcal * b.lo[i]) / 100;
    eHi += (f.kcal * b.hi[i]) / 100;
    pLo += (f.proteinG * b.lo[i]) / 100;
  }
  if (eLo > eMax || eHi < eMin) return 'other';
  // Item indices by protein per kcal, descending (insertion sort: n ≤ 5).
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = items[i].food.proteinG / items[i].food.kcal;
    let k = order.length;
    while (k > 0 && items[order[k - 1]].food.proteinG / items[order[k - 1]].food.kcal < d) k--;
    order.splice(k, 0, i);
  }
  let maxP = pLo;
  let budget = eMax - eLo;
  for (let k = 0; k < n && budget > 0; k++) {
    const i = order[k];
    const f = items[i].food;
    const add = Math.min(budget, (f.kcal * (b.hi[i] - b.lo[i])) / 100);
    maxP += (add * f.proteinG) / f.kcal;
    budget -= add;
  }
  // Protein is a floor: more than the target is never a reason to refuse a meal.
  return maxP < t.proteinG * (1 - PROTEIN_TOLERANCE) ? 'protein_short' : 'ok';
}

function buildProblem(items: readonly Candidate[], t: MealTargets, bounds: Bounds, proteinWeight: number): Problem {
  const n = items.length;
  const foods = items.map((i) => i.food);
  const { lo, hi, step } = bounds;
  // Rows: per-gram coefficients, target, weight (relative squared error).
  const rows: { a: number[]; target: number; w: number }[] = [
    { a: foods.map((f) => f.kcal / 100), target: t.kcal, w: SOLVER_WEIGHTS.energy },
    { a: foods.map((f) => f.proteinG / 100), target: t.proteinG, w: proteinWeight },
    { a: foods.map((f) => f.carbsG / 100), target: t.carbsG, w: SOLVER_WEIGHTS.carbs },
    { a: foods.map((f) => f.fatG / 100), target: t.fatG, w: SOLVER_WEIGHTS.fat },
    { a: foods.map((f) => f.fibreG / 100), target: t.fibreG, w: SOLVER_WEIGHTS.fibre },
  ];
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const c = new Array<number>(n).fill(0);
  for (const r of rows) {
    if (!(r.target > 0)) continue;
    const s = r.w / (r.target * r.target);
    for (let i = 0; i < n; i++) {
      c[i] += s * r.a[i] * r.target;
      for (let j = 0; j < n; j++) H[i][j] += s * r.a[i] * r.a[j];
    }
  }
  items.forEach((it, i) => {
    const typical = it.food.portionG;
    const w = (it.role === 'produce' ? SOLVER_WEIGHTS.producePortion : SOLVER_WEIGHTS.portion) / (typical * typical);
    H[i][i] += w;
    c[i] += w * typical;
  });
  return { n, foods, lo, hi, step, H, c };
}

function objective(p: Problem, g: readonly number[]): number {
  let v = 0;
  for (let i = 0; i < p.n; i++) {
    let hg = 0;
    for (let j = 0; j < p.n; j++) hg += p.H[i][j] * g[j];
    v += 0.5 * g[i] * hg - p.c[i] * g[i];
  }
  return v;
}

/** Active-set patterns for n variables (0 free, 1 at lower, 2 at upper), fewest active first. */
const PATTERNS = new Map<number, readonly Int8Array[]>();
function patterns(n: number): readonly Int8Array[] {
  let list = PATTERNS.get(n);
  if (!list) {
    const all: Int8Array[] = [];
    for (let code = 0; code < 3 ** n; code++) {
      const st = new Int8Array(n);
      let x = code;
      for (let i = 0; i < n; i++) {
        st[i] = x % 3;
        x = (x - st[i]) / 3;
      }
      all.push(st);
    }
    const active = (st: Int8Array): number => st.reduce((k, v) => k + (v === 0 ? 0 : 1), 0);
    list = all
      .map((st, code) => ({ st, code }))
      .sort((a, b) => active(a.st) - active(b.st) || a.code - b.code)
      .map((x) => x.st);
    PATTERNS.set(n, list);
  }
  return list;
}

/**
 * Exact minimiser of ½gᵀHg − cᵀg over lo ≤ g ≤ hi (H positive definite thanks to the portion
 * regularisation), by active-set enumeration: for each pattern (each variable free, at its lower
 * or at its upper bound; fewest bounds first) solve the free variables' normal equations
 * (Gaussian elimination with partial pivoting) and stop at the first pattern that satisfies the
 * KKT conditions (free values inside the box; gradient ≥ 0 at a lower bound, ≤ 0 at an upper
 * bound) — for a strictly convex problem that point is the unique optimum. At most 3^n ≤ 243
 * tiny solves (n ≤ 5); usually the first few. If rounding noise defeats the KKT test, the best
 * feasible candidate seen is returned.
 */
function solveBox(p: Problem): number[] {
  const n = p.n;
  const g = new Array<number>(n).fill(0);
  let best = p.lo.slice();
  let bestVal = objective(p, best);
  const free = new Array<number>(n);
  const w = n + 1;
  const M = new Float64Array(n * w);
  for (const state of patterns(n)) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (state[i] === 1) g[i] = p.lo[i];
      else if (state[i] === 2) g[i] = p.hi[i];
      else free[m++] = i;
    }
    let ok = true;
    if (m > 0) {
      for (let r = 0; r < m; r++) {
        const i = free[r];
        let rhs = p.c[i];
        for (let j = 0; j < n; j++) if (state[j] !== 0) rhs -= p.H[i][j] * g[j];
        for (let k = 0; k < m; k++) M[r * w + k] = p.H[i][free[k]];
        M[r * w + m] = rhs;
      }
      for (let col = 0; col < m && ok; col++) {
        let piv = col;
        for (let r = col + 1; r < m; r++) if (Math.abs(M[r * w + col]) > Math.abs(M[piv * w + col])) piv = r;
        if (!(Math.abs(M[piv * w + col]) > 0)) {
          ok = false;
          break;
        }
        if (piv !== col) {
          for (let k = 0; k <= m; k++) {
            const tmp = M[col * w + k];
            M[col * w + k] = M[piv * w + k];
            M[piv * w + k] = tmp;
          }
        }
        for (let r = col + 1; r < m; r++) {
          const f = M[r * w + col] / M[col * w + col];
          if (f !== 0) for (let k = col; k <= m; k++) M[r * w + k] -= f * M[col * w + k];
        }
      }
      for (let r = m - 1; r >= 0 && ok; r--) {
        let s = M[r * w + m];
        for (let k = r + 1; k < m; k++) s -= M[r * w + k] * g[free[k]];
        const v = s / M[r * w + r];
        const i = free[r];
        if (!(v >= p.lo[i] - 1e-9 && v <= p.hi[i] + 1e-9)) ok = false;
        g[i] = Math.min(p.hi[i], Math.max(p.lo[i], v));
      }
    }
    if (!ok) continue;
    // KKT: the gradient Hg − c must point out of the box at every bound variable.
    let kkt = true;
    for (let i = 0; i < n && kkt; i++) {
      if (state[i] === 0) continue;
      let grad = -p.c[i];
      for (let j = 0; j < n; j++) grad += p.H[i][j] * g[j];
      const eps = 1e-9 * (Math.abs(p.c[i]) + 1e-12);
      if (state[i] === 1 ? grad < -eps : grad > eps) kkt = false;
    }
    if (kkt) return g.slice();
    const val = objective(p, g);
    if (val < bestVal) {
      bestVal = val;
      best = g.slice();
    }
  }
  return best;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** One item's values from its (rounded) grams: whole kcal, macros to 0.1 g. */
function makeItem(food: FoodRef, grams: number, position: number): PlannedMealItem {
  return {
    foodId: food.id,
    position,
    grams,
    kcal: Math.round((food.kcal * grams) / 100),
    proteinG: round1((food.proteinG * grams) / 100),
    carbsG: round1((food.carbsG * grams) / 100),
    fatG: round1((food.fatG * grams) / 100),
  };
}

interface Totals {
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
}

/** Meal totals: sums of the item values (macros re-rounded to 0.1 g to drop float noise). */
function totalsOf(items: readonly PlannedMealItem[]): Totals {
  let kcal = 0;
  let p = 0;
  let c = 0;
  let f = 0;
  for (const it of items) {
    kcal += it.kcal;
    p += it.proteinG;
    c += it.carbsG;
    f += it.fatG;
  }
  return { kcal, proteinG: round1(p), carbsG: round1(c), fatG: round1(f) };
}

/** The same numbers as totalsOf(items built from g), without building the items. */
function roundedTotals(foods: readonly FoodRef[], g: readonly number[]): Totals {
  let kcal = 0;
  let p = 0;
  let c = 0;
  let f = 0;
  for (let i = 0; i < foods.length; i++) {
    const food = foods[i];
    kcal += Math.round((food.kcal * g[i]) / 100);
    p += round1((food.proteinG * g[i]) / 100);
    c += round1((food.carbsG * g[i]) / 100);
    f += round1((food.fatG * g[i]) / 100);
  }
  return { kcal, proteinG: round1(p), carbsG: round1(c), fatG: round1(f) };
}

/**
 * 0 when the energy is within `fraction` × its tolerance and the protein no further below its
 * target than `fraction` × its tolerance (protein is a floor), else the relative excess beyond.
 */
function violation(tot: Pick<Totals, 'kcal' | 'proteinG'>, t: MealTargets, fraction: number): number {
  const e = Math.max(0, Math.abs(tot.kcal - t.kcal) / t.kcal - fraction * ENERGY_TOLERANCE);
  const p = Math.max(0, (t.proteinG - tot.proteinG) / t.proteinG - fraction * PROTEIN_TOLERANCE);
  return e + p;
}

/**
 * Protein is a floor, but the search prefers meals near their target (quality 0), then meals
 * above it by no more than 35 % of the meal's energy from protein (the AMDR ceiling the day's
 * target keeps too); a meal beyond that (500 g of chicken breast filling a meal whose
 * carbohydrate ran out) is only a last resort. True when the meal has more protein than both
 * `limitG` and the preferred tolerance above the target.
 */
function proteinAbove(tot: Pick<Totals, 'proteinG'>, t: MealTargets, limitG: number): boolean {
  return tot.proteinG > Math.max(limitG, t.proteinG * (1 + PREFERRED_TOLERANCE_FRACTION * PROTEIN_TOLERANCE)) + 1e-9;
}

/** The hard acceptance test: energy within ±5 % of the meal's target, protein at least 90 % of its target. */
export function withinTolerance(
  tot: { kcal: number; proteinG: number },
  t: { kcal: number; proteinG: number },
): boolean {
  return (
    Math.abs(tot.kcal - t.kcal) <= ENERGY_TOLERANCE * t.kcal + 1e-9 &&
    tot.proteinG >= (1 - PROTEIN_TOLERANCE) * t.proteinG - 1e-9
  );
}

/**
 * 0 = within the preferred (half) tolerances on both sides of the protein target; 1 = within the
 * preferred energy tolerance, at least the preferred protein floor and not far above the protein
 * target; 2 = within the hard tolerances (energy ±5 %, protein ≥ 90 %); 3 = fails.
 */
type Quality = 0 | 1 | 2 | 3;
const FAILS: Quality = 3;

interface Solved {
  foods: FoodRef[];
  grams: number[];
  totals: Totals;
  quality: Quality;
  /** The meal misses on the low side of protein (a fat source with little protein cannot help). */
  proteinShort: boolean;
}

function continuousTotals(p: Problem, g: readonly number[]): { e: number; pr: number; f: number } {
  let e = 0;
  let pr = 0;
  let f = 0;
  for (let i = 0; i < p.n; i++) {
    e += (p.foods[i].kcal * g[i]) / 100;
    pr += (p.foods[i].proteinG * g[i]) / 100;
    f += (p.foods[i].fatG * g[i]) / 100;
  }
  return { e, pr, f };
}

/** Solve the continuous problem, round to the grid, repair greedily, and grade the result. */
function solveCombination(items: readonly Candidate[], t: MealTargets): Solved {
  const bounds = boundsFor(items, t);
  const foods = items.map((i) => i.food);
  const screen = maybeFeasible(items, bounds, t);
  if (screen !== 'ok') {
    const totals = roundedTotals(foods, bounds.lo);
    return { foods, grams: bounds.lo, totals, quality: FAILS, proteinShort: screen === 'protein_short' };
  }
  let p = buildProblem(items, t, bounds, SOLVER_WEIGHTS.protein);
  let cont = solveBox(p);
  let { e, pr, f } = continuousTotals(p, cont);
  if (violation({ kcal: e, proteinG: pr }, t, 1) > 0 && pr > t.proteinG) {
    // The portion bounds force more protein than the target, and pulling it back costs energy:
    // protein is a floor, so solve again with only a weak pull on it and keep that when it fits.
    const floorOnly = buildProblem(items, t, bounds, SOLVER_WEIGHTS.proteinAboveFloor);
    const alt = solveBox(floorOnly);
    const altTotals = continuousTotals(floorOnly, alt);
    if (violation({ kcal: altTotals.e, proteinG: altTotals.pr }, t, 1) === 0) {
      p = floorOnly;
      cont = alt;
      ({ e, pr, f } = altTotals);
    }
  }
  // Quick reject: if even the continuous optimum misses the hard tolerances, rounding will not
  // rescue it (the objective weighs energy and protein 10 000× the rest).
  if (violation({ kcal: e, proteinG: pr }, t, 1) > 0) {
    const proteinShort = pr < t.proteinG * (1 - PROTEIN_TOLERANCE);
    return { foods, grams: cont, totals: { kcal: e, proteinG: pr, carbsG: 0, fatG: f }, quality: FAILS, proteinShort };
  }
  const g = cont.map((v, i) => Math.min(p.hi[i], Math.max(p.lo[i], Math.round(v / p.step[i]) * p.step[i])));
  const score = (grams: readonly number[]): number =>
    violation(roundedTotals(p.foods, grams), t, PREFERRED_TOLERANCE_FRACTION) * 1e6 + objective(p, grams);
  // Already within the preferred tolerances: keep the rounded optimum as it is.
  const repairSteps =
    violation(roundedTotals(p.foods, g), t, PREFERRED_TOLERANCE_FRACTION) === 0 ? 0 : MAX_ROUNDING_REPAIR_STEPS;
  let cur = repairSteps > 0 ? score(g) : 0;
  for (let it = 0; it < repairSteps; it++) {
    let bestI = -1;
    let bestD = 0;
    let bestS = cur;
    for (let i = 0; i < p.n; i++) {
      for (const d of [-1, 1]) {
        const v = g[i] + d * p.step[i];
        if (v < p.lo[i] || v > p.hi[i]) continue;
        const old = g[i];
        g[i] = v;
        const s = score(g);
        g[i] = old;
        if (s < bestS - 1e-12) {
          bestS = s;
          bestI = i;
          bestD = d;
        }
      }
    }
    if (bestI < 0) break;
    g[bestI] += bestD * p.step[bestI];
    cur = bestS;
  }
  const totals = roundedTotals(p.foods, g);
  const preferred = violation(totals, t, PREFERRED_TOLERANCE_FRACTION) === 0;
  const quality: Quality =
    preferred && !proteinAbove(totals, t, t.proteinG * (1 + PREFERRED_TOLERANCE_FRACTION * PROTEIN_TOLERANCE)) ? 0
    : preferred && !proteinAbove(totals, t, (PROTEIN_MAX_ENERGY_FRACTION * totals.kcal) / KCAL_PER_G_PROTEIN) ? 1
    : withinTolerance(totals, t) ? 2
    : FAILS;
  return { foods, grams: g, totals, quality, proteinShort: totals.proteinG < t.proteinG * (1 - PROTEIN_TOLERANCE) };
}

// ---------------------------------------------------------------------------
// Combination search
// ---------------------------------------------------------------------------

interface MealContext {
  kind: MealKind;
  targets: MealTargets;
  /** Rotation start index for this day and slot. */
  start: number;
  /** Combination keys (protein|carb|produce ids) already used by this slot on earlier days. */
  usedKeys: ReadonlySet<string>;
  /** Protein foods already used today. */
  usedProteinsToday: ReadonlySet<string>;
  /** Solutions by food-id list, shared by the slots with the same targets on all days. */
  memo: Map<string, Solved>;
  /** Tiers that gave nothing for these targets on an earlier day or slot: not searched again. */
  failedTiers: Set<number>;
}

interface MealChoice {
  solved: Solved;
  key: string;
  proteinId: string;
  /** 0 best: fresh (new for the slot, new protein today) × quality; see `rank`. */
  rank: number;
}

/** Lower is better: freshness first (it keeps the days distinct), then tolerance quality. */
const rank = (fresh: boolean, quality: Quality): number => (fresh ? 0 : FAILS) + quality;

function pick<T>(pool: readonly T[], start: number, offset: number): T {
  return pool[(start + offset) % pool.length];
}

/**
 * Offsets (i, j, k) with i < ni, j < nj, k < nk: every protein offset i with the carbohydrate and
 * produce offsets j + k = 0, then every protein with j + k = 1, and so on (within a round, by i,
 * then j). Protein sources matter most for feasibility, so they are all looked at early.
 */
function* proteinMajor(ni: number, nj: number, nk: number): Generator<[number, number, number]> {
  for (let r = 0; r <= nj + nk - 2; r++) {
    for (let i = 0; i < ni; i++) {
      for (let j = 0; j <= r && j < nj; j++) {
        const k = r - j;
        if (k < nk) yield [i, j, k];
      }
    }
  }
}

function solveMemo(items: Candidate[], ctx: MealContext): Solved {
  const key = items.map((i) => `${i.food.id}:${i.role}`).join('|');
  let s = ctx.memo.get(key);
  if (!s) {
    s = solveCombination(items, ctx.targets);
    ctx.memo.set(key, s);
  }
  return s;
}

/**
 * Solve a protein/carb/produce combination, first without a fat source, then (rotated) with one
 * when the meal is short of fat or misses the tolerances. When the meal without fat is short of
 * protein, only fat sources denser in protein than the meal needs are tried (others cannot help).
 */
function tryCombination(base: Candidate[], fatPool: readonly FoodRef[], ctx: MealContext): Solved | null {
  const plain = solveMemo(base, ctx);
  const fatLow = plain.totals.fatG < FAT_NEEDED_BELOW_TARGET_SHARE * ctx.targets.fatG;
  if (plain.quality === 0 && !fatLow) return plain;
  const inMeal = new Set(base.map((b) => b.food.id));
  // Protein share of energy the meal needs at least (low protein, high energy end of the tolerances).
  const neededShare =
    (4 * ctx.targets.proteinG * (1 - PROTEIN_TOLERANCE)) / (ctx.targets.kcal * (1 + ENERGY_TOLERANCE));
  const fats = fatPool.filter((f) => !inMeal.has(f.id) && (!plain.proteinShort || proteinShare(f) > neededShare));
  let fallback: Solved | null = null;
  const tries = Math.min(MAX_FAT_OPTIONS_PER_COMBINATION, fats.length);
  for (let k = 0; k < tries; k++) {
    const withFat = solveMemo([...base, { food: pick(fats, ctx.start, k), role: 'fat' }], ctx);
    if (withFat.quality === 0) return withFat;
    if (withFat.quality < FAILS && (!fallback || withFat.quality < fallback.quality)) fallback = withFat;
  }
  if (plain.quality === 0) return plain;
  return plain.quality < FAILS && (!fallback || plain.quality < fallback.quality) ? plain : fallback;
}

/**
 * Search one tier in two passes: first only protein sources not yet eaten today, then (only if
 * the first pass found no fresh combination) all of them. Within a pass, combinations are visited
 * in `proteinMajor` order around the rotation start indices; at most MAX_COMBINATIONS_PER_TIER
 * are solved and MAX_COMBINATIONS_VISITED_PER_TIER looked at.
 */
function searchTier(pools: Pools, ctx: MealContext): MealChoice | null {
  const roles = TEMPLATE[ctx.kind].filter((r) => r === 'protein' || pools[r].length > 0);
  if (pools.protein.length === 0 || roles.length < 2) return null;
  const hasCarb = roles.includes('carb');
  const hasProduce = roles.includes('produce');
  const nc = hasCarb ? pools.carb.length : 1;
  const nv = hasProduce ? pools.produce.length : 1;
  // Different strides per role, so the days differ in every role, not only in the protein.
  const sp = ctx.start;
  const sc = ctx.start * 2 + 1;
  const sv = ctx.start * 3 + 2;
  let best: MealChoice | null = null;
  for (const pass of [0, 1]) {
    // Pass 1 can only find combinations repeating today's protein (rank ≥ rank(false, 0)).
    if (pass === 1 && best && best.rank <= rank(false, 0)) break;
    const proteins = pass === 0 ? pools.protein.filter((f) => !ctx.usedProteinsToday.has(f.id)) : pools.protein;
    if (proteins.length === 0) continue;
    let attempts = 0;
    let visited = 0;
    /** Attempts left once a fresh meal is in hand, to look for one nearer its protein target. */
    let searchOn = MAX_COMBINATIONS_AFTER_FRESH_FALLBACK;
    for (const [i, j, k] of proteinMajor(proteins.length, nc, nv)) {
      if (visited++ >= MAX_COMBINATIONS_VISITED_PER_TIER || attempts >= MAX_COMBINATIONS_PER_TIER) break;
      if (best && best.rank < FAILS && searchOn-- <= 0) break;
      const protein = pick(proteins, sp, i);
      const base: Candidate[] = [{ food: protein, role: 'protein' }];
      if (hasCarb) base.push({ food: pick(pools.carb, sc, j), role: 'carb' });
      if (hasProduce) {
        const v = pick(pools.produce, sv, k);
        if (base.some((b) => b.food.id === v.id)) continue;
        base.push({ food: v, role: 'produce' });
      }
      if (hasCarb && base[1].food.id === protein.id) continue;
      const key = base.map((b) => b.food.id).join('|');
      const fresh = !ctx.usedKeys.has(key) && !ctx.usedProteinsToday.has(protein.id);
      // A stale combination can at best rank rank(false, 0): skip it once something at least as good is known.
      if (!fresh && best && best.rank <= rank(false, 0)) continue;
      attempts++;
      const solved = tryCombination(base, pools.fat, ctx);
      if (!solved) continue;
      const r = rank(fresh, solved.quality);
      if (r === 0) return { solved, key, proteinId: protein.id, rank: r };
      if (!best || r < best.rank) best = { solved, key, proteinId: protein.id, rank: r };
    }
  }
  return best;
}

function buildMeal(foods: readonly FoodRef[], poolCache: Map<string, Pools>, ctx: MealContext): MealChoice | null {
  let best: MealChoice | null = null;
  for (const [ti, tier] of tiersFor(ctx.kind).entries()) {
    if (ctx.failedTiers.has(ti)) continue;
    const cacheKey = `${ctx.kind}:${ti}`;
    let pools = poolCache.get(cacheKey);
    if (!pools) {
      pools = rolePools(foods, ctx.kind, tier);
      poolCache.set(cacheKey, pools);
    }
    const choice = searchTier(pools, ctx);
    if (!choice) {
      ctx.failedTiers.add(ti);
      continue;
    }
    if (choice.rank === 0) return choice;
    if (!best || choice.rank < best.rank) best = choice;
    // A fresh meal above its protein target: the wider tiers (other meal tags, less dense
    // proteins) would not bring it nearer.
    if (best.rank < FAILS && best.solved.totals.proteinG > ctx.targets.proteinG) return best;
  }
  return best;
}

// ---------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------


function requireNumber(name: string, v: number, positive: boolean): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (positive && v === 0)) {
    throw new RangeError(`${name} must be a ${positive ? 'positive' : 'non-negative'} finite number, got ${String(v)}`);
  }
}

/** The slots of a day (name, kind, share of the daily targets) for 2-6 meals per day. */
export function mealSlots(mealsPerDay: number): readonly MealSlotSpec[] {
  const slots = Number.isInteger(mealsPerDay) ? MEAL_SLOTS[mealsPerDay] : undefined;
  if (!slots) {
    throw new RangeError(
      `mealsPerDay must be an integer from ${MIN_MEALS_PER_DAY} to ${MAX_MEALS_PER_DAY}, got ${String(mealsPerDay)}`,
    );
  }
  return slots;
}

/** A meal's targets: the daily targets × the slot's fraction (unrounded). */
export function mealTargets(targets: MealPlanInput['targets'], fraction: number): MealTargets {
  return {
    kcal: targets.kcal * fraction,
    proteinG: targets.proteinG * fraction,
    carbsG: targets.carbsG * fraction,
    fatG: targets.fatG * fraction,
    fibreG: targets.fibreG * fraction,
  };
}

type DayTemplate = { name: string; slot: number; totals: Totals; items: PlannedMealItem[] }[];

// ---------------------------------------------------------------------------
// Why a meal cannot be built
// ---------------------------------------------------------------------------

/** The consultation answer that rules out the foods a meal lacks. */
export type MealPlanAnswer = 'dietType' | 'allergies' | 'excludedFoods';

/**
 * A meal the allowed foods cannot build. The message names the missing food group and the diet;
 * `answer` names the answer that removed it (the allergies if the diet alone has it, then the
 * excluded foods, else the diet type).
 */
export class MealPlanInfeasibleError extends RangeError {
  constructor(message: string, readonly answer: MealPlanAnswer) {
    super(message);
    this.name = 'MealPlanInfeasibleError';
  }
}

const KIND_LABEL: Readonly<Record<MealKind, string>> = { breakfast: 'breakfast', main: 'main-meal', snack: 'snack' };

/** "a vegan diet with soy and gluten allergies, without 3 excluded foods" */
function describeRestrictions(input: Pick<MealPlanInput, 'dietType' | 'allergies' | 'excludedFoods'>): string {
  const allergies = (input.allergies ?? []).map((a) => a.replace(/_/g, ' '));
  const list = allergies.length <= 1 ? allergies.join('') : `${allergies.slice(0, -1).join(', ')} and ${allergies[allergies.length - 1]}`;
  const excluded = (input.excludedFoods ?? []).length;
  const diet = input.dietType.toLowerCase();
  return `${/^[aeiou]/.test(diet) ? 'an' : 'a'} ${diet} diet` +
    (allergies.length > 0 ? ` with ${list} ${allergies.length === 1 ? 'allergy' : 'allergies'}` : '') +
    (excluded > 0 ? `, without ${excluded} excluded food${excluded === 1 ? '' : 's'}` : '');
}

/** The protein foods of the widest search tier, densest first (by share of energy from protein). */
function proteinFoodsFor(input: Pick<MealPlanInput, 'dietType' | 'allergies' | 'excludedFoods'>, kind: MealKind, catalog: readonly FoodRef[]): FoodRef[] {
  const tiers = tiersFor(kind);
  const pools = rolePools(spread(allowedFoods(input, catalog)), kind, tiers[tiers.length - 1]);
  return [...pools.protein].sort((a, b) => proteinShare(b) - proteinShare(a) || (a.id < b.id ? -1 : 1));
}

/** Which answer to blame: the first whose removal gives the meal a protein food, or a denser one. */
function answerAtFault(input: MealPlanInput, kind: MealKind, catalog: readonly FoodRef[], bestShare: number): MealPlanAnswer {
  const better = (relaxed: Pick<MealPlanInput, 'dietType' | 'allergies' | 'excludedFoods'>): boolean => {
    const foods = proteinFoodsFor(relaxed, kind, catalog);
    return foods.length > 0 && proteinShare(foods[0]) > bestShare;
  };
  if ((input.allergies ?? []).length > 0 && better({ ...input, allergies: [] })) return 'allergies';
  if ((input.excludedFoods ?? []).length > 0 && better({ ...input, excludedFoods: [] })) return 'excludedFoods';
  return 'dietType';
}

/**
 * The error for a meal no combination of allowed foods can build. Energy alone can always be met
 * (the portion bounds scale with the meal), so what is missing is a protein food: none at all for
 * this kind of meal, or none dense enough for the meal's protein floor next to its other foods.
 */
function mealCannotBeBuilt(
  slot: MealSlotSpec,
  t: MealTargets,
  input: MealPlanInput,
  catalog: readonly FoodRef[],
): MealPlanInfeasibleError {
  const label = KIND_LABEL[slot.kind];
  const who = describeRestrictions(input);
  const head = `cannot build ${slot.name} (${Math.round(t.kcal)} kcal, ${round1(t.proteinG)} g protein)`;
  const proteins = proteinFoodsFor(input, slot.kind, catalog);
  if (proteins.length === 0) {
    return new MealPlanInfeasibleError(
      `${head}: no ${label} protein food fits ${who}`,
      answerAtFault(input, slot.kind, catalog, 0),
    );
  }
  const neededPct = Math.round((100 * KCAL_PER_G_PROTEIN * t.proteinG) / t.kcal);
  const best = proteins[0];
  return new MealPlanInfeasibleError(
    `${head}: no ${label} protein food that fits ${who} is dense enough for this meal, which needs ${neededPct} % of ` +
      `its energy from protein (at least ${(1 - PROTEIN_TOLERANCE) * 100} % of ${round1(t.proteinG)} g within ` +
      `±${ENERGY_TOLERANCE * 100} % of ${Math.round(t.kcal)} kcal) next to its other foods; the densest allowed, ` +
      `${best.name}, has ${Math.round(100 * proteinShare(best))} %`,
    answerAtFault(input, slot.kind, catalog, proteinShare(best)),
  );
}

/**
 * Generate the plan. Throws RangeError on invalid input, and MealPlanInfeasibleError (a
 * RangeError naming the answer at fault) when the allowed foods cannot build a meal within the
 * tolerances or are too few for 7 distinct rotation days.
 */
export function generateMealPlan(input: MealPlanInput, catalog: readonly FoodRef[]): MealPlan {
  const { targets } = input;
  if (!targets || typeof targets !== 'object') throw new RangeError('targets are required');
  requireNumber('targets.kcal', targets.kcal, true);
  requireNumber('targets.proteinG', targets.proteinG, true);
  requireNumber('targets.carbsG', targets.carbsG, false);
  requireNumber('targets.fatG', targets.fatG, false);
  requireNumber('targets.fibreG', targets.fibreG, false);
  const slots = mealSlots(input.mealsPerDay);
  if (!Number.isInteger(input.days) || input.days < 1) {
    throw new RangeError(`days must be a positive integer, got ${String(input.days)}`);
  }
  if (!isCalendarDate(input.startDate)) {
    throw new RangeError(`startDate must be a calendar date YYYY-MM-DD, got ${String(input.startDate)}`);
  }

  const foods = allowedFoods(input, catalog);
  const who = describeRestrictions(input);
  // The last restriction given is the one that left too little (exclusions are the narrowest).
  const restrictive: MealPlanAnswer =
    (input.excludedFoods ?? []).length > 0 ? 'excludedFoods' : (input.allergies ?? []).length > 0 ? 'allergies' : 'dietType';
  if (foods.length === 0) {
    throw new MealPlanInfeasibleError(`no foods are allowed for ${who}: cannot build meals`, restrictive);
  }

  const rotationDays = Math.min(ROTATION_DAYS, input.days);
  const poolCache = new Map<string, Pools>();
  const spreadFoods = spread(foods);
  const usedKeys = slots.map(() => new Set<string>());
  // Slots of the same kind and share have the same targets: they share solutions and failures.
  const memoByTarget = new Map<string, { memo: Map<string, Solved>; failedTiers: Set<number> }>();
  const shared = slots.map((s) => {
    const k = `${s.kind}:${s.fraction}`;
    let v = memoByTarget.get(k);
    if (!v) {
      v = { memo: new Map<string, Solved>(), failedTiers: new Set<number>() };
      memoByTarget.set(k, v);
    }
    return v;
  });
  const rotation: DayTemplate[] = [];
  const kindCount = new Map<MealKind, number>();
  for (const s of slots) kindCount.set(s.kind, (kindCount.get(s.kind) ?? 0) + 1);

  for (let d = 0; d < rotationDays; d++) {
    const usedProteinsToday = new Set<string>();
    const kindSeen = new Map<MealKind, number>();
    const day: DayTemplate = [];
    slots.forEach((slot, si) => {
      const kIdx = kindSeen.get(slot.kind) ?? 0;
      kindSeen.set(slot.kind, kIdx + 1);
      const t = mealTargets(targets, slot.fraction);
      const choice = buildMeal(spreadFoods, poolCache, {
        kind: slot.kind,
        targets: t,
        start: d * (kindCount.get(slot.kind) ?? 1) + kIdx,
        usedKeys: usedKeys[si],
        usedProteinsToday,
        memo: shared[si].memo,
        failedTiers: shared[si].failedTiers,
      });
      if (!choice) throw mealCannotBeBuilt(slot, t, input, catalog);
      usedKeys[si].add(choice.key);
      usedProteinsToday.add(choice.proteinId);
      const items = choice.solved.foods.map((f, i) => makeItem(f, choice.solved.grams[i], i + 1));
      day.push({ name: slot.name, slot: si + 1, totals: totalsOf(items), items });
    });
    rotation.push(day);
  }

  const signatures = new Set(
    rotation.map((day) => day.map((m) => m.items.map((i) => `${i.foodId}:${i.grams}`).join(',')).join(';')),
  );
  if (signatures.size < rotationDays) {
    throw new MealPlanInfeasibleError(
      `the foods allowed for ${who} are too few for ${rotationDays} distinct days (got ${signatures.size})`,
      restrictive,
    );
  }

  const meals: PlannedMeal[] = [];
  for (let n = 1; n <= input.days; n++) {
    const week = Math.floor((n - 1) / DAYS_PER_WEEK) + 1;
    const date = addDays(input.startDate, n - 1);
    for (const m of rotation[(n - 1) % rotationDays]) {
      meals.push({
        week,
        day: n,
        date,
        slot: m.slot,
        name: m.name,
        kcal: m.totals.kcal,
        proteinG: m.totals.proteinG,
        carbsG: m.totals.carbsG,
        fatG: m.totals.fatG,
        items: m.items.map((i) => ({ ...i })),
      });
    }
  }
  return { meals, rotationDays };
}
