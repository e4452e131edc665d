import { RATE_MEASURES, TREND_ALPHA, slopeRatePct, trendSeries, weeklyRatePct, withinBand } from './trend';

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

describe('least-squares slope of the weigh-ins', () => {
  it('recovers a straight line exactly, relative to the window mean, with gaps', () => {
    const line = Array.from({ length: 60 }, (_, day) => 100 - 0.1 * day); // -0.7 kg a week
    const mean28 = 100 - 0.1 * (59 - 13.5);
    expect(slopeRatePct(line, 59, 28)).toBeCloseTo((-0.7 / mean28) * 100, 10);
    const gappy = line.map((w, day) => (day % 3 === 0 ? null : w));
    expect(slopeRatePct(gappy, 59, 28)).toBeCloseTo((-0.7 / (gappy.slice(32).filter((w) => w !== null) as number[]).reduce((a, w, _, all) => a + w / all.length, 0)) * 100, 10);
  });

  it('is not fooled by noise the way two trend points are: a flat noisy series reads near zero', () => {
    const noisy = Array.from({ length: 56 }, (_, day) => 80 + (day % 2 === 0 ? 0.5 : -0.5));
    expect(Math.abs(slopeRatePct(noisy, 55, 28)!)).toBeLessThan(0.05);
  });

  it('needs half the window in weigh-ins spread over half of it, and a window inside the series', () => {
    const few = Array.from({ length: 56 }, (_, day) => (day >= 42 && day < 55 ? 80 : null)); // 13 of 28, one end
    expect(slopeRatePct(few, 55, 28)).toBeNull();
    const enough = Array.from({ length: 56 }, (_, day) => (day >= 28 && day % 2 === 0 ? 80 : null)); // 14 of 28 over 26 days
    expect(slopeRatePct(enough, 55, 28)).toBe(0);
    expect(slopeRatePct(Array(20).fill(80), 19, 28)).toBeNull();
  });

  it('lists the original trend measure first, then the slopes over 28 and 14 days', () => {
    expect(RATE_MEASURES.map((m) => m.key)).toEqual(['trend14', 'slope28', 'slope14']);
  });
});
