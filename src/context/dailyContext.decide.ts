import { Decider, DecideContext, assertNever } from '../core/decider';
import { addDays, daysBetween, isCalendarDate } from '../core/dates';
import { badInput } from '../core/errors';
import { isStorableText } from '../server/storableText';
import type { DailyContext, DailyContextEvent } from '../adjustments/contracts';
import { DailyContextState, evolveDailyContext, initialDailyContextState } from './dailyContext';
import { CONTEXT_LIMITS } from './context.constants';

/**
 * What the person sends. The five core signals are always sent; an optional one left out keeps
 * its earlier value on an amendment, and null clears it.
 */
export interface DailyContextInput {
  date: string;
  sleepHours: number;
  sleepQuality: number;
  stress: number;
  soreness: number;
  energy: number;
  hrvMs?: number | null;
  restingHr?: number | null;
  bodyWeightKg?: number | null;
  notes?: string | null;
}

export type DailyContextCommand = { type: 'LogDailyContext'; input: DailyContextInput };

export interface DailyContextLookups {
  /** The person's local today (their time zone), which bounds the date. */
  today: string;
}

const f = (name: string) => `input.${name}`;
/** Values as the table stores them (NUMERIC(4,2), (6,1), (5,1)): the event holds what the row will. */
const roundTo = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

function inRange(name: string, value: number, bounds: { min: number; max: number }, unit = ''): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < bounds.min || value > bounds.max) {
    throw badInput(f(name), `${name} must be between ${bounds.min} and ${bounds.max}${unit}, got ${value}`);
  }
}

function wholeInRange(name: string, value: number, bounds: { min: number; max: number }, unit = ''): void {
  inRange(name, value, bounds, unit);
  if (!Number.isInteger(value)) throw badInput(f(name), `${name} must be a whole number, got ${value}`);
}

function checkDate(date: string, today: string): void {
  if (!isCalendarDate(date)) throw badInput(f('date'), 'date must be a date YYYY-MM-DD');
  if (daysBetween(today, date) > 0) throw badInput(f('date'), `date must not be after your local today (${today})`);
  if (daysBetween(date, today) > CONTEXT_LIMITS.pastDays) {
    throw badInput(f('date'), `date must be within the last ${CONTEXT_LIMITS.pastDays} days (from ${addDays(today, -CONTEXT_LIMITS.pastDays)})`);
  }
}

/** Checks every field (naming the one at fault) and merges it over the day's current context. */
export function contextFrom(input: DailyContextInput, current: DailyContext | null, userId: string, today: string): DailyContext {
  checkDate(input.date, today);
  inRange('sleepHours', input.sleepHours, CONTEXT_LIMITS.sleepHours, ' hours');
  for (const name of ['sleepQuality', 'stress', 'soreness', 'energy'] as const) wholeInRange(name, input[name], CONTEXT_LIMITS.scale);
  if (input.hrvMs != null) inRange('hrvMs', input.hrvMs, CONTEXT_LIMITS.hrvMs, ' ms');
  if (input.restingHr != null) wholeInRange('restingHr', input.restingHr, CONTEXT_LIMITS.restingHr, ' bpm');
  if (input.bodyWeightKg != null) inRange('bodyWeightKg', input.bodyWeightKg, CONTEXT_LIMITS.bodyWeightKg, ' kg');
  if (input.notes != null) {
    if (input.notes.length > CONTEXT_LIMITS.notes) throw badInput(f('notes'), `notes must be at most ${CONTEXT_LIMITS.notes} characters`);
    if (!isStorableText(input.notes)) throw badInput(f('notes'), 'notes contain characters that cannot be stored (NUL or an unpaired surrogate)');
  }
  const keep = <K extends 'hrvMs' | 'restingHr' | 'bodyWeightKg' | 'notes'>(key: K): DailyContext[K] =>
    input[key] === undefined ? (current?.[key] ?? null) : (input[key] as DailyContext[K]);
  const hrv = keep('hrvMs');
  const weight = keep('bodyWeightKg');
  const notes = keep('notes');
  return {
    userId,
    date: input.date,
    sleepHours: roundTo(input.sleepHours, 2),
    sleepQuality: input.sleepQuality,
    stress: input.stress,
    soreness: input.soreness,
    energy: input.energy,
    hrvMs: hrv === null ? null : roundTo(hrv, 1),
    restingHr: keep('restingHr'),
    bodyWeightKg: weight === null ? null : roundTo(weight, 1),
    notes: notes === null || notes.trim() === '' ? null : notes,
  };
}

const SAME_KEYS: readonly (keyof DailyContext)[] = [
  'sleepHours', 'sleepQuality', 'stress', 'soreness', 'energy', 'hrvMs', 'restingHr', 'bodyWeightKg', 'notes',
];
const sameContext = (a: DailyContext, b: DailyContext): boolean => SAME_KEYS.every((k) => a[k] === b[k]);

export const dailyContextDecider: Decider<DailyContextState, DailyContextCommand, DailyContextEvent, DailyContextLookups> = {
  initialState: initialDailyContextState,
  evolve: evolveDailyContext,
  decide(command: DailyContextCommand, state: DailyContextState, context: DecideContext<DailyContextLookups>): DailyContextEvent[] {
    switch (command.type) {
      case 'LogDailyContext': {
        const current = state.status === 'logged' ? state.context : null;
        const next = contextFrom(command.input, current, context.userId, context.lookups.today);
        if (current === null) return [{ type: 'DailyContextLogged', data: { ...next, at: context.now } }];
        // An amendment that changes nothing appends nothing.
        if (sameContext(current, next)) return [];
        return [{ type: 'DailyContextAmended', data: { ...next, at: context.now } }];
      }
      default:
        return assertNever(command.type);
    }
  },
};
