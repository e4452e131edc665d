import { appErrorOf, scenario } from '../core/testing/givenWhenThen';
import type { DailyContextEvent } from '../adjustments/contracts';
import { dailyContextDecider } from './dailyContext.decide';

const USER = '00000000-0000-4000-8000-000000000001';
const ctx = { now: '2026-03-02T09:00:00.000Z', userId: USER, lookups: { today: '2026-03-02' } };
const GOOD = { date: '2026-03-02', sleepHours: 7.5, sleepQuality: 4, stress: 2, soreness: 2, energy: 4 };
const logged: DailyContextEvent = {
  type: 'DailyContextLogged',
  data: { userId: USER, ...GOOD, hrvMs: 60, restingHr: 55, bodyWeightKg: 70, notes: 'ok', at: '2026-03-02T07:00:00.000Z' },
};
const when = (input: Record<string, unknown>, ...history: DailyContextEvent[]) =>
  scenario(dailyContextDecider, ctx).given(...history).when({ type: 'LogDailyContext', input: { ...GOOD, ...input } as never });

describe('daily context decide', () => {
  it('logs first, then amends, keeping optional fields left out and clearing those sent as null', () => {
    expect(when({ sleepHours: 7.456 })).toEqual([{ type: 'DailyContextLogged', data: {
      userId: USER, ...GOOD, sleepHours: 7.46, hrvMs: null, restingHr: null, bodyWeightKg: null, notes: null, at: ctx.now } }]);
    const [amended] = when({ stress: 4, restingHr: null }, logged);
    expect(amended).toEqual({ type: 'DailyContextAmended', data: { ...logged.data, stress: 4, restingHr: null, at: ctx.now } });
  });

  it('appends nothing for an amendment that changes nothing', () => {
    expect(when({}, logged)).toEqual([]);
    expect(when({ hrvMs: 60, notes: 'ok' }, logged)).toEqual([]);
  });

  it('names the field at fault', () => {
    expect(appErrorOf(() => when({ sleepQuality: 3.5 })).field).toBe('input.sleepQuality');
    expect(appErrorOf(() => when({ energy: Number.NaN })).field).toBe('input.energy');
    expect(appErrorOf(() => when({ restingHr: 60.5 })).field).toBe('input.restingHr');
    expect(appErrorOf(() => when({ date: '2026-02-30' })).field).toBe('input.date');
    expect(appErrorOf(() => when({ date: '2026-02-01' })).code).toBe('BAD_USER_INPUT');
  });
});
