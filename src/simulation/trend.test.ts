import { TREND_ALPHA, trendSeries, weeklyRatePct, withinBand } from './trend';

describe('trend weight', () => {
  it('starts at the first weigh-in and stays put on a constant weight', () => {
    expect(trendSeries([null, 80, 80, null, 80])).toEqual([null, 80, 80, 80, 80]);
  });

  it('moves alpha of the way to each reading, and more after a gap (gap-aware)', () => {
    const [, second] = trendSeries([80, 81]) as number[];
    expect(second).toBeCloseTo(80 + TREND_ALPHA, 10);
    const gap = trendSeries([80, null, null, 81]) as number[];
    expect(gap[3]).toBeCloseTo(80 + (1 - (1 - TREND_ALPHA) ** 3), 10);
  });

  it('gives the weekly rate in % of body weight over 14 days', () => {
    const series = Array.from({ length: 30 }, (_, day) => 100 - 0.1 * day); // -0.7 kg a week from 100 kg
    expect(weeklyRatePct(series, 29)).toBeCloseTo((-1.4 / (100 - 1.5)) * 100 / 2, 10);
    expect(weeklyRatePct(series, 13)).toBeNull(); // the window starts before day 0
    expect(weeklyRatePct([null, ...series], 14)).toBeNull();
  });

  it('counts a rate within 0.25 %/week of the target, and a missing rate as a miss', () => {
    expect(withinBand(-0.3, -0.5)).toBe(true);
    expect(withinBand(-0.2, -0.5)).toBe(false);
    expect(withinBand(null, 0)).toBe(false);
  });
});
