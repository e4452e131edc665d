import { addDays, daysBetween } from '../core/dates';
import type { AdherenceStatus, ComplianceColour } from './adherence.rules';

/**
 * Weekly adherence rate: each assessed planned item counts completed 1, similar 0.75, partial
 * 0.5, skipped 0 (unknown is left out); items not assessed yet (their day is not over, or not
 * swept) are pending and left out too. The colour of a rate follows the same traffic light as a
 * single item: green from 80 %, yellow from 50 %, orange above 0, red at 0, grey with nothing
 * assessed.
 */
export const STATUS_CREDIT: Record<Exclude<AdherenceStatus, 'unknown'>, number> = { completed: 1, similar: 0.75, partial: 0.5, skipped: 0 };
export const RATE_GREEN_FROM = 0.8;
export const RATE_YELLOW_FROM = 0.5;

export interface ItemStatus {
  date: string;
  kind: 'session' | 'meal';
  status: AdherenceStatus | null;
}

export interface KindSummary {
  planned: number;
  completed: number;
  partial: number;
  similar: number;
  skipped: number;
  unknown: number;
  pending: number;
  rate: number | null;
  colour: ComplianceColour;
}

export interface WeekSummary {
  weekStart: string;
  training: KindSummary;
  nutrition: KindSummary;
}

export function rateColour(rate: number | null): ComplianceColour {
  if (rate === null) return 'grey';
  if (rate >= RATE_GREEN_FROM) return 'green';
  if (rate >= RATE_YELLOW_FROM) return 'yellow';
  return rate > 0 ? 'orange' : 'red';
}

function summarise(items: readonly ItemStatus[]): KindSummary {
  const s = { planned: items.length, completed: 0, partial: 0, similar: 0, skipped: 0, unknown: 0, pending: 0 };
  for (const item of items) {
    if (item.status === null) s.pending++;
    else s[item.status]++;
  }
  const assessed = s.completed + s.partial + s.similar + s.skipped;
  const rate = assessed === 0 ? null
    : Math.round(((s.completed * STATUS_CREDIT.completed + s.similar * STATUS_CREDIT.similar + s.partial * STATUS_CREDIT.partial) / assessed) * 1000) / 1000;
  return { ...s, rate, colour: rateColour(rate) };
}

/** Weeks of seven days counted from `from`, each with its training and nutrition summary. */
export function weeklySummary(items: readonly ItemStatus[], from: string, to: string): WeekSummary[] {
  const weeks: WeekSummary[] = [];
  for (let start = from; daysBetween(start, to) >= 0; start = addDays(start, 7)) {
    const inWeek = items.filter((i) => daysBetween(start, i.date) >= 0 && daysBetween(i.date, addDays(start, 6)) >= 0);
    weeks.push({
      weekStart: start,
      training: summarise(inWeek.filter((i) => i.kind === 'session')),
      nutrition: summarise(inWeek.filter((i) => i.kind === 'meal')),
    });
  }
  return weeks;
}
