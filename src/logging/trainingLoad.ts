import { addDays, daysBetween } from '../core/dates';
import { ACUTE_DAYS, CHRONIC_DAYS, FATIGUE_TAU_DAYS, FITNESS_TAU_DAYS, PLANNED_RPE_AT_RIR0 } from './logging.constants';

/** Session load (Foster): session RPE (CR-10) x minutes, in arbitrary units. */
export const sessionLoad = (rpe: number, minutes: number): number => rpe * minutes;

/** The session RPE a planned session aims at, from its exercises' mean target reps in reserve. */
export function plannedSessionRpe(targetRirs: readonly number[]): number {
  if (targetRirs.length === 0) return PLANNED_RPE_AT_RIR0 - 3;
  const meanRir = targetRirs.reduce((a, b) => a + b, 0) / targetRirs.length;
  return Math.min(10, Math.max(1, PLANNED_RPE_AT_RIR0 - meanRir));
}

export interface LoadDay {
  date: string;
  /** Sum of the day's session loads. */
  load: number;
  /** Mean daily load over the last 7 days (including this one). */
  acute: number;
  /** Mean daily load over the last 28 days (including this one). */
  chronic: number;
  /** acute / chronic; null while the chronic load is 0. */
  acuteChronicRatio: number | null;
  /** Impulse-response fitness (42-day exponentially weighted load). */
  fitness: number;
  /** Impulse-response fatigue (7-day exponentially weighted load). */
  fatigue: number;
  /** fitness - fatigue: positive when fresh. */
  form: number;
}

/**
 * Days from `from` to `to` (inclusive) with their load metrics. `loads` holds session loads by
 * local date and may start before `from`: the earlier days warm up the rolling windows and the
 * exponential averages (start them at least CHRONIC_DAYS, better 3 x 42 days, earlier).
 * Fitness and fatigue follow y_t = y_(t-1) + (load_t - y_(t-1)) * (1 - e^(-1/tau)).
 */
export function loadSeries(loads: ReadonlyArray<{ date: string; load: number }>, warmupFrom: string, from: string, to: string): LoadDay[] {
  const byDate = new Map<string, number>();
  for (const { date, load } of loads) byDate.set(date, (byDate.get(date) ?? 0) + load);
  const kFitness = 1 - Math.exp(-1 / FITNESS_TAU_DAYS);
  const kFatigue = 1 - Math.exp(-1 / FATIGUE_TAU_DAYS);
  const window: number[] = [];
  let fitness = 0;
  let fatigue = 0;
  const out: LoadDay[] = [];
  const start = daysBetween(warmupFrom, from) > 0 ? warmupFrom : from;
  for (let date = start; daysBetween(date, to) >= 0; date = addDays(date, 1)) {
    const load = byDate.get(date) ?? 0;
    window.push(load);
    if (window.length > CHRONIC_DAYS) window.shift();
    fitness += (load - fitness) * kFitness;
    fatigue += (load - fatigue) * kFatigue;
    if (daysBetween(from, date) < 0) continue;
    const acute = window.slice(-ACUTE_DAYS).reduce((a, b) => a + b, 0) / ACUTE_DAYS;
    const chronic = window.reduce((a, b) => a + b, 0) / CHRONIC_DAYS;
    const round = (x: number) => Math.round(x * 100) / 100;
    out.push({
      date,
      load: round(load),
      acute: round(acute),
      chronic: round(chronic),
      acuteChronicRatio: chronic > 0 ? Math.round((acute / chronic) * 1000) / 1000 : null,
      fitness: round(fitness),
      fatigue: round(fatigue),
      form: round(fitness - fatigue),
    });
  }
  return out;
}
