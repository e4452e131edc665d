import { KCAL_PER_G_CARBOHYDRATE, KCAL_PER_G_FAT, KCAL_PER_G_PROTEIN } from '../programs/nutrition/nutrition.constants';
import { PERSON_MODEL, PersonModel, drawPerson, initialBodyState, mealItems, simulateDay, trueExpenditureKcal } from './person';
import { Rng, mixSeed } from './random';

const START = { startDate: '2031-01-06', weeks: 16 };
const quiet: PersonModel = {
  ...PERSON_MODEL, intake: 'fraction', onPlanDaySd: 0, water: { phi: 0.8, sdKg: 0 }, adaptation: { ...PERSON_MODEL.adaptation, perUnitWeightChange: 0 },
};

function people(n: number, seed = 7) {
  return Array.from({ length: n }, (_, i) => drawPerson(new Rng(mixSeed(seed, i)), i, START));
}

describe('synthetic people', () => {
  it('are the same for the same seed and index, and differ across seeds', () => {
    expect(drawPerson(new Rng(mixSeed(3, 5)), 5, START)).toEqual(drawPerson(new Rng(mixSeed(3, 5)), 5, START));
    expect(drawPerson(new Rng(mixSeed(4, 5)), 5, START)).not.toEqual(drawPerson(new Rng(mixSeed(3, 5)), 5, START));
  });

  it('draw the population the model describes', () => {
    const all = people(3000);
    const share = (goal: string) => all.filter((p) => p.answers.goal === goal).length / all.length;
    expect(share('FAT_LOSS')).toBeCloseTo(0.7, 1);
    expect(share('MAINTENANCE')).toBeCloseTo(0.15, 1);
    const factors = all.map((p) => p.expenditureFactor);
    const mean = factors.reduce((a, b) => a + b, 0) / factors.length;
    const sd = Math.sqrt(factors.reduce((a, b) => a + (b - mean) ** 2, 0) / factors.length);
    expect(mean).toBeCloseTo(1, 1);
    expect(sd).toBeGreaterThan(0.08);
    expect(sd).toBeLessThan(0.11);
    for (const p of all) {
      expect(p.adherence).toBeGreaterThanOrEqual(0.6);
      expect(p.adherence).toBeLessThanOrEqual(1);
      expect(Math.sign(p.targetRatePctPerWeek)).toBe(p.answers.goal === 'FAT_LOSS' ? -1 : p.answers.goal === 'MUSCLE_GAIN' ? 1 : 0);
    }
  });

  it('lose 1 kg for every 7,700 kcal eaten below expenditure', () => {
    const person = { ...people(1)[0]!, adherence: 1, weighGapRate: 0, intakeGapRate: 0, breakRate: 0 };
    const rng = new Rng(1);
    let body = initialBodyState(person, rng, quiet);
    const start = body.massKg;
    for (let day = 0; day < 20; day++) {
      const kcal = trueExpenditureKcal(person, body) - 385;
      const { next } = simulateDay(person, body, { kcal, proteinG: (0.3 * kcal) / 4, carbsG: (0.45 * kcal) / 4, fatG: (0.25 * kcal) / 9 }, rng, quiet);
      body = next;
    }
    // 20 days x 385 kcal = 7,700 kcal, give or take the items' 0.1 g rounding.
    expect(start - body.massKg).toBeCloseTo(1, 1);
  });

  it('eat to plan on a share of days equal to their adherence, and to appetite on the others', () => {
    const person = { ...people(1)[0]!, adherence: 0.7 };
    const rng = new Rng(2);
    const body = initialBodyState(person, rng);
    const plan = { kcal: 1500, proteinG: 120, carbsG: 160, fatG: 42 };
    const days = Array.from({ length: 4000 }, () => simulateDay(person, body, plan, rng).outcome);
    expect(days.filter((d) => d.onPlan).length / days.length).toBeCloseTo(0.7, 1);
    const mean = days.reduce((s, d) => s + d.eatenKcal, 0) / days.length;
    const expected = 0.7 * 1500 + 0.3 * trueExpenditureKcal(person, body);
    expect(Math.abs(mean - expected) / expected).toBeLessThan(0.02);
  });

  it('skip weigh-ins and meal logs at their own rates, and keep eating', () => {
    const person = { ...people(1)[0]!, weighGapRate: 0.2, intakeGapRate: 0.1, breakRate: 0 };
    const rng = new Rng(3);
    const body = initialBodyState(person, rng);
    const plan = { kcal: 2000, proteinG: 150, carbsG: 220, fatG: 56 };
    const days = Array.from({ length: 4000 }, () => simulateDay(person, body, plan, rng).outcome);
    expect(days.filter((d) => d.weighInKg === null).length / days.length).toBeCloseTo(0.2, 1);
    expect(days.filter((d) => d.meal === null).length / days.length).toBeCloseTo(0.1, 1);
    expect(days.every((d) => d.eatenKcal > 0)).toBe(true);
  });

  it('weigh in with about 0.5 kg of day-to-day noise around the true weight', () => {
    const person = { ...people(1)[0]!, weighGapRate: 0, breakRate: 0, scaleNoiseKg: 0.5 };
    const rng = new Rng(4);
    const body = initialBodyState(person, rng, quiet);
    const plan = { kcal: 2000, proteinG: 150, carbsG: 220, fatG: 56 };
    const errors = Array.from({ length: 4000 }, () => {
      const { outcome } = simulateDay(person, body, plan, rng, quiet);
      return outcome.weighInKg! - outcome.trueWeightKg;
    });
    const sd = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    expect(sd).toBeGreaterThan(0.45);
    expect(sd).toBeLessThan(0.55);
  });

  it('log meal items whose kcal are their macros by 4/4/9 and add up to what was eaten', () => {
    const plan = { kcal: 2100, proteinG: 160, carbsG: 215, fatG: 67 };
    const items = mealItems(1873.4, plan);
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(Math.abs(item.kcal - (KCAL_PER_G_PROTEIN * item.proteinG + KCAL_PER_G_CARBOHYDRATE * item.carbsG + KCAL_PER_G_FAT * item.fatG))).toBeLessThan(0.06);
    }
    expect(Math.abs(items.reduce((s, i) => s + i.kcal, 0) - 1873.4)).toBeLessThan(5);
  });
});
