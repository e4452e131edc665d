import { badInput } from './errors';
import { daysBetween, isCalendarDate } from './dates';

/**
 * Checks a query's `from`/`to` arguments: both dates, `to` not before `from`, at most maxDays
 * days (inclusive). `what` names the list in the message ("a calendar spans at most 92 days").
 * Returns the number of days.
 */
export function checkDateRange(from: string, to: string, maxDays: number, what = 'a range'): number {
  if (!isCalendarDate(from)) throw badInput('from', 'from must be a date YYYY-MM-DD');
  if (!isCalendarDate(to)) throw badInput('to', 'to must be a date YYYY-MM-DD');
  const span = daysBetween(from, to) + 1;
  if (span < 1) throw badInput('to', 'to must not be before from');
  if (span > maxDays) throw badInput('to', `${what} spans at most ${maxDays} days; this one spans ${span}`);
  return span;
}

/**
 * The days a range's arguments ask for, for the query cost estimate: capped at maxDays (a longer
 * range is refused by checkDateRange with its own message, not priced out), 1 when malformed.
 */
export function pricedDays(args: Record<string, unknown>, maxDays: number): number {
  const from = String(args.from);
  const to = String(args.to);
  const span = isCalendarDate(from) && isCalendarDate(to) ? daysBetween(from, to) + 1 : 1;
  return Math.min(maxDays, Math.max(1, span));
}
