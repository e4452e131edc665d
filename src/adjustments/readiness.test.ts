import { addDays } from '../core/dates';
import type { DailyContext } from './contracts';
import { computeReadiness } from './readiness';
import { BANDS, CONFIDENCE } from './readiness.constants';

const USER = '00000000-0000-4000-8000-000000000001';
const TODAY = '2026-03-10';

function day(date: string, over: Partial<DailyContext> = {}): DailyContext {
  return {
    userId: USER, date, sleepHours: 7.5, sleepQuality: 4, stress: 2, soreness: 2, energy: 4,
    hrvMs: null, restingHr: null, bodyWeightKg: null, notes: null, ...over,
  };
}

/** `n` days before TODAY, with a little natural variation. */
const goodWeek = (n = 7): DailyContext[] =>
  Array.from({ length: n }, (_, i) => day(addDays(TODAY, -(i + 1)), { sleepHours: 7 + (i % 3) * 0.5, sleepQuality: 3 + (i % 2), energy: 4 - (i % 2) }));

describe('computeReadiness', () => {
  it('rates a day like the good week before it normal or high', () => {
    const r = computeReadiness(day(TODAY), goodWeek());
    expect(['normal', 'high']).toContain(r.band);
    expect(r.baselineDays).toBe(7);
  });

  it('rates 4 h of sleep with soreness 5 low or very low, against a personal baseline and against defaults', () => {
    const bad = day(TODAY, { sleepHours: 4, soreness: 5 });
    for (const history of [goodWeek(), []]) {
      const r = computeReadiness(bad, history);
      expect(['low', 'very_low']).toContain(r.band);
      expect(r.score).toBeLessThan(BANDS.normal);
    }
    // Everything else as usual: low (lighter training), not very low (rest).
    expect(computeReadiness(bad, goodWeek()).band).toBe('low');
  });

  it('rates a day with most signals at their worst very low', () => {
    const r = computeReadiness(day(TODAY, { sleepHours: 3, sleepQuality: 1, stress: 5, soreness: 5, energy: 1 }), goodWeek());
    expect(r.band).toBe('very_low');
  });

  it('uses population defaults with lower confidence until 7 days of history exist, then the personal baseline', () => {
    const history = goodWeek(7);
    const six = computeReadiness(day(TODAY), history.slice(0, 6));
    expect(six.baselineDays).toBe(6);
    expect(six.confidence).toBeCloseTo(CONFIDENCE.population * (CONFIDENCE.coverageFloor + (1 - CONFIDENCE.coverageFloor) * 0.8), 3);
    expect(six.components.find((c) => c.signal === 'sleep_hours')!.baseline).toBe(7.5);
    const seven = computeReadiness(day(TODAY), history);
    expect(seven.baselineDays).toBe(7);
    expect(seven.confidence).toBeGreaterThan(six.confidence);
    const ownMean = history.reduce((a, h) => a + h.sleepHours, 0) / 7;
    expect(seven.components.find((c) => c.signal === 'sleep_hours')!.baseline).toBeCloseTo(ownMean, 2);
    // More history, more confidence, up to 28 days; older days do not count.
    const month = computeReadiness(day(TODAY), goodWeek(40));
    expect(month.baselineDays).toBe(28);
    expect(month.confidence).toBeGreaterThan(seven.confidence);
  });

  it('ignores today and future days in the history', () => {
    const history = [...goodWeek(6), day(TODAY, { sleepHours: 2 }), day(addDays(TODAY, 1))];
    expect(computeReadiness(day(TODAY), history).baselineDays).toBe(6);
  });

  it('re-weights the rest and lowers confidence when optional signals are missing', () => {
    const history = goodWeek().map((h, i) => ({ ...h, hrvMs: 60 + (i % 3) * 4, restingHr: 55 + (i % 2) }));
    const full = computeReadiness(day(TODAY, { hrvMs: 62, restingHr: 55 }), history);
    const partial = computeReadiness(day(TODAY), history);
    expect(full.components).toHaveLength(7);
    expect(partial.components).toHaveLength(5);
    expect(partial.confidence).toBeLessThan(full.confidence);
    expect(partial.components.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 3);
    expect(full.components.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 3);
  });

  it('reads a low HRV and a raised resting HR as worse', () => {
    const history = goodWeek().map((h, i) => ({ ...h, hrvMs: 60 + (i % 3) * 4, restingHr: 55 + (i % 2) }));
    const usual = computeReadiness(day(TODAY, { hrvMs: 62, restingHr: 55 }), history);
    const flagged = computeReadiness(day(TODAY, { hrvMs: 35, restingHr: 66 }), history);
    expect(flagged.score).toBeLessThan(usual.score);
    expect(flagged.components.find((c) => c.signal === 'hrv')!.z).toBeLessThan(0);
    expect(flagged.components.find((c) => c.signal === 'resting_hr')!.z).toBeLessThan(0);
  });

  it('is monotonic in each signal', () => {
    const history = goodWeek().map((h, i) => ({ ...h, hrvMs: 60 + (i % 3) * 4, restingHr: 55 + (i % 2) }));
    const base = day(TODAY, { hrvMs: 62, restingHr: 55 });
    const sweeps: Array<[keyof DailyContext, number[]]> = [
      ['sleepHours', [0, 2, 4, 5, 6, 7, 8, 9, 10, 12, 24]],
      ['sleepQuality', [1, 2, 3, 4, 5]],
      ['energy', [1, 2, 3, 4, 5]],
      ['stress', [5, 4, 3, 2, 1]],
      ['soreness', [5, 4, 3, 2, 1]],
      ['hrvMs', [10, 30, 50, 60, 70, 90, 150]],
      ['restingHr', [120, 80, 65, 58, 55, 50, 40]],
    ];
    for (const [field, better] of sweeps) {
      const scores = better.map((v) => computeReadiness({ ...base, [field]: v }, history).score);
      for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThanOrEqual(scores[i - 1]);
      expect(scores[scores.length - 1]).toBeGreaterThan(scores[0]);
    }
  });
});
