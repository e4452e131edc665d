import { addDays } from '../core/dates';
import { loadSeries, plannedSessionRpe, sessionLoad } from './trainingLoad';

describe('training load', () => {
  it('computes Foster session load as RPE x minutes', () => {
    expect(sessionLoad(7, 60)).toBe(420);
  });

  it('derives a planned RPE from target reps in reserve', () => {
    expect(plannedSessionRpe([2, 2, 3])).toBeCloseTo(10 - 7 / 3);
    expect(plannedSessionRpe([])).toBe(7);
  });

  it('gives an acute:chronic ratio of 1 for a steady load and above 1.5 after a spike', () => {
    const start = '2026-01-01';
    const steady = Array.from({ length: 56 }, (_, i) => ({ date: addDays(start, i), load: 300 }));
    const [day] = loadSeries(steady, start, addDays(start, 55), addDays(start, 55));
    expect(day.acuteChronicRatio).toBeCloseTo(1, 3);
    const spike = [...steady, ...Array.from({ length: 7 }, (_, i) => ({ date: addDays(start, 56 + i), load: 900 }))];
    const [after] = loadSeries(spike, start, addDays(start, 62), addDays(start, 62));
    expect(after.acuteChronicRatio!).toBeGreaterThan(1.5);
  });

  it('follows the impulse-response model: fatigue reacts faster than fitness, form dips under load', () => {
    const start = '2026-01-01';
    const loads = Array.from({ length: 14 }, (_, i) => ({ date: addDays(start, i), load: 500 }));
    const series = loadSeries(loads, start, start, addDays(start, 20));
    const day14 = series[13];
    expect(day14.fatigue).toBeGreaterThan(day14.fitness);
    expect(day14.form).toBeLessThan(0);
    // 1 - e^(-1/7) of the load on day one
    expect(series[0].fatigue).toBeCloseTo(500 * (1 - Math.exp(-1 / 7)), 1);
    // rest: fatigue decays faster, form recovers
    expect(series[20].form).toBeGreaterThan(day14.form);
    expect(series).toHaveLength(21);
  });

  it('needs no load history to answer: all zero, ratio null', () => {
    const [day] = loadSeries([], '2026-01-01', '2026-01-01', '2026-01-01');
    expect(day).toMatchObject({ load: 0, acuteChronicRatio: null, form: 0 });
  });
});
