import { renderChart } from './chart';
import { breachesOf, reassessmentChangeLimitKcal } from './invariants';
import { drawPerson } from './person';
import { Rng } from './random';
import { atFloor, attainableRatePct, convergenceAt, formatSummary, summarize } from './report';
import { DayRecord, PersonResult, ReassessmentRecord } from './runner';

const person = (goal: 'FAT_LOSS' | 'MAINTENANCE', index: number) => {
  const p = drawPerson(new Rng(index), index, { startDate: '2031-01-06', weeks: 8 });
  const rate = goal === 'FAT_LOSS' ? 0.5 : null;
  return { ...p, answers: { ...p.answers, goal, targetRatePctPerWeek: rate, weightKg: 80 }, targetRatePctPerWeek: goal === 'FAT_LOSS' ? -0.5 : 0 };
};

/** A person whose weigh-ins fall by `ratePct` % of 80 kg a week, exactly. */
function result(goal: 'FAT_LOSS' | 'MAINTENANCE', index: number, ratePct: number, reassessments: ReassessmentRecord[] = []): PersonResult {
  const days: DayRecord[] = Array.from({ length: 56 }, (_, day) => {
    const w = 80 * (1 + (ratePct / 100) * (day / 7));
    return { day, date: `2031-01-${String(6 + (day % 20)).padStart(2, '0')}`, targetKcal: 2000 - (day >= 15 ? 100 : 0), plannedKcal: 2000, eatenKcal: 1900, weighInKg: w, mealLogged: true, trueWeightKg: w, massKg: w };
  });
  return { person: person(goal, index), userId: `u${index}`, programId: `p${index}`, initialTargets: null, days, reassessments, error: null };
}

const record = (previousKcal: number, newKcal: number, floorKcal = 1200): ReassessmentRecord => ({
  day: 14, date: '2031-01-20', applied: true, previousKcal, newKcal, floorKcal, changeKcal: newKcal - previousKcal,
  limitKcal: reassessmentChangeLimitKcal(previousKcal), summary: 'x', reasonCodes: [], plannedKcalAfter: newKcal,
});

describe('simulation figures', () => {
  it('clamps at the smaller of 10 % and 250 kcal', () => {
    expect(reassessmentChangeLimitKcal(2000)).toBe(200);
    expect(reassessmentChangeLimitKcal(3000)).toBe(250);
  });

  it('flags a target below the floor and a change beyond the clamp, and nothing else', () => {
    expect(breachesOf(1, record(2000, 1800))).toEqual([]);
    expect(breachesOf(1, record(2000, 1790)).map((b) => b.kind)).toEqual(['clamp']);
    expect(breachesOf(1, record(1300, 1190)).map((b) => b.kind)).toEqual(['floor']);
  });

  it('counts people whose observed rate is within 0.25 %/week of their target at a week', () => {
    const results = [result('FAT_LOSS', 1, -0.5), result('FAT_LOSS', 2, -0.9), result('MAINTENANCE', 3, 0.1), result('MAINTENANCE', 4, 0.3)];
    const week8 = convergenceAt(results, 8, 1);
    expect(week8.assessed).toBe(4);
    expect(week8.withinObserved).toBe(2);
    expect(week8.byGoal.FAT_LOSS).toMatchObject({ people: 2, within: 1 });
    expect(week8.byGoal.FAT_LOSS!.meanErrorPct).toBeCloseTo(-0.2, 1); // relative to the weight 14 days earlier, not the start
    expect(week8.noiseCeiling).toBeGreaterThan(0.5);
  });

  it('judges every measure against the requested and the attainable rate, with an oracle ceiling each', () => {
    // Person 1 asked for -0.5 % but the floor holds them at -0.25 %/week (400 of 800 kcal at 80 kg,
    // 880 kcal = 1 %); they lose 0.2 %: a miss against the request, a hit against the attainable rate.
    const floorBound = { bmrKcal: 1700, bmrFormula: 'MIFFLIN_ST_JEOR', tdeeKcal: 2140, targetKcal: 1920, floorApplied: true, proteinG: 150, fatG: 53, carbsG: 210, fibreG: 27, dailyDeltaKcal: -220 } as const;
    const held = { ...result('FAT_LOSS', 1, -0.2), initialTargets: { ...floorBound } };
    expect(attainableRatePct(held)).toBe(-0.25);
    expect(attainableRatePct(result('FAT_LOSS', 2, -0.5))).toBe(-0.5); // no targets: the requested rate
    const week8 = convergenceAt([held, result('FAT_LOSS', 2, -0.5)], 8, 1);
    expect(week8.floorLimited).toBe(1);
    expect(week8.measures.map((m) => m.key)).toEqual(['trend14', 'slope28', 'slope14']);
    for (const m of week8.measures) {
      expect(m.requested).toMatchObject({ assessed: 2, within: 1 });
      expect(m.attainable).toMatchObject({ assessed: 2, within: 2, share: 1 });
      expect(m.requested.ceiling).toBeGreaterThanOrEqual(0);
    }
    // The original figure is unchanged beside them.
    expect(week8.withinObserved).toBe(1);
    const text = formatSummary(summarize([held, result('FAT_LOSS', 2, -0.5)], { weeks: 8, seed: 1 }), 1);
    expect(text).toMatch(/week 8: 50.0 % within \+-0.25 % BW\/week of their target/);
    expect(text).toMatch(/least-squares slope of the weigh-ins over 28 days +\(a\) +50.0 % \[\d+.\d %\] +\(b\) +100.0 %/);
  });

  it('counts a person as floor-bound when a target they had sat at the floor', () => {
    const targets = { bmrKcal: 1500, bmrFormula: 'MIFFLIN_ST_JEOR', tdeeKcal: 2000, targetKcal: 1600, floorApplied: false, proteinG: 150, fatG: 44, carbsG: 146, fibreG: 22, dailyDeltaKcal: -400 } as const;
    const free = { ...result('FAT_LOSS', 1, -0.5), initialTargets: { ...targets } };
    expect(atFloor(free)).toBe(false);
    expect(atFloor({ ...free, initialTargets: { ...targets, targetKcal: 1500, floorApplied: true } })).toBe(true);
    expect(atFloor({ ...free, reassessments: [record(1600, 1500, 1500)] })).toBe(true);
  });

  it('summarizes the reassessments: the largest change, the breaches', () => {
    const results = [result('FAT_LOSS', 1, -0.5, [record(2000, 1850)]), result('FAT_LOSS', 2, -0.5, [record(2400, 2700)])];
    const summary = summarize(results, { weeks: 8, seed: 1 });
    expect(summary.reassessments).toMatchObject({ total: 2, changed: 2, largestChangeKcal: 300 });
    expect(summary.reassessments.breaches.map((b) => [b.kind, b.userIndex])).toEqual([['clamp', 2]]);
  });

  it('draws trend and target paths and the calorie target as an SVG document', () => {
    const svg = renderChart([result('FAT_LOSS', 1, -0.5), result('MAINTENANCE', 2, 0)], { people: 2, weeks: 8, seed: 1 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // Per person: target path, trend path, calorie steps.
    expect(svg.match(/<path /g)).toHaveLength(6);
    expect(svg).toContain('lose 0.5 %/wk');
    expect(svg).not.toMatch(/NaN|undefined/);
  });
});
