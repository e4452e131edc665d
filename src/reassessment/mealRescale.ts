import type { StoredMeal } from '../programs/program';

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Future meals rescaled to a new daily energy target (pure): each day's items are scaled by
 * new target / the day's planned kcal, grams and macros alike (the foods stay, the portions
 * change; macros keep the plan's proportions), so each day meets the new target to rounding
 * (0.1 g, 0.1 kcal per item). Days before `from` are not touched; only meals that change return.
 */
export function rescaleMeals(meals: readonly StoredMeal[], from: string, targetKcal: number): StoredMeal[] {
  const byDay = new Map<string, StoredMeal[]>();
  for (const meal of meals) {
    if (meal.date < from) continue;
    const list = byDay.get(meal.date) ?? [];
    list.push(meal);
    byDay.set(meal.date, list);
  }
  const out: StoredMeal[] = [];
  for (const dayMeals of byDay.values()) {
    const dayKcal = dayMeals.reduce((s, m) => s + m.items.reduce((k, i) => k + Number(i.kcal), 0), 0);
    if (!(dayKcal > 0)) continue;
    const factor = targetKcal / dayKcal;
    if (Math.abs(factor - 1) < 0.001) continue;
    for (const meal of dayMeals) {
      const items = meal.items.map((i) => ({
        ...i,
        grams: Math.max(0.1, r1(Number(i.grams) * factor)),
        kcal: r1(Number(i.kcal) * factor),
        proteinG: r1(Number(i.proteinG) * factor),
        carbsG: r1(Number(i.carbsG) * factor),
        fatG: r1(Number(i.fatG) * factor),
      }));
      out.push({
        ...meal,
        items,
        kcal: r1(items.reduce((s, i) => s + i.kcal, 0)),
        proteinG: r1(items.reduce((s, i) => s + i.proteinG, 0)),
        carbsG: r1(items.reduce((s, i) => s + i.carbsG, 0)),
        fatG: r1(items.reduce((s, i) => s + i.fatG, 0)),
      });
    }
  }
  return out;
}
