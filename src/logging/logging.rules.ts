import { badInput } from '../core/errors';
import { LOG_LIMITS } from './logging.constants';

/** Shared input checks for activity and meal logs; each names the field at fault. */

export function checkRange(field: string, value: number | null | undefined, bounds: { min: number; max: number }, unit = ''): void {
  if (value === null || value === undefined) return;
  if (!Number.isFinite(value) || value < bounds.min || value > bounds.max) {
    throw badInput(field, `${field.split('.').pop()} must be between ${bounds.min} and ${bounds.max}${unit}, got ${value}`);
  }
}

export function checkText(field: string, value: string | null | undefined, max: number): void {
  if (value !== null && value !== undefined && value.length > max) {
    throw badInput(field, `${field.split('.').pop()} must be at most ${max} characters`);
  }
}

/** An instant that is not more than a day ahead of now, nor older than the log keeps. */
export function checkInstant(field: string, value: string, now: string): void {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw badInput(field, `${field.split('.').pop()} must be an ISO-8601 date-time`);
  const ahead = time - Date.parse(now);
  if (ahead > LOG_LIMITS.futureHours * 3_600_000) {
    throw badInput(field, `${field.split('.').pop()} is more than ${LOG_LIMITS.futureHours} hours in the future`);
  }
  if (-ahead > LOG_LIMITS.pastDays * 86_400_000) {
    throw badInput(field, `${field.split('.').pop()} is more than ${LOG_LIMITS.pastDays} days in the past`);
  }
}
