import { addDays, daysBetween } from '../core/dates';
import { handle } from '../core/commandHandler';
import { localDate } from '../consultations/consultation.rules';
import type { Services } from '../services';
import { adherenceDayDecider, adherenceDayStream } from './adherence';

/**
 * How many past local days a sweep closes when it finds them open: it catches up after a worker
 * outage of up to two weeks without closing a program's whole past in one go.
 */
export const SWEEP_LOOKBACK_DAYS = 14;
/** Days closed at once by one sweep (each its own append; the pool size bounds it further). */
export const SWEEP_PARALLEL = 4;

export interface DueDay {
  userId: string;
  date: string;
}

/**
 * The local days that are over and not closed yet, for users whose hash falls in `bucket` of
 * `buckets` (so several workers can share a sweep without doing the same users twice). A day is
 * over once the person's own clock has passed midnight: a user in UTC+14 is swept half a day
 * before one in UTC-11.
 */
export async function dueDays(services: Services, now: Date, bucket = 0, buckets = 1): Promise<DueDay[]> {
  const { rows } = await services.db.sql.query<{ user_id: string; tz: string | null; start_date: string; end_date: string; last: string | null }>(
    `SELECT p.user_id, p.tz, p.start_date, p.end_date, d.last
     FROM (SELECT user_id, min(start_date) AS start_date, max(end_date) AS end_date,
                  (array_agg(targets->>'timeZone' ORDER BY created_at DESC))[1] AS tz
           FROM programs GROUP BY user_id) p
     LEFT JOIN (SELECT user_id, max(date) AS last FROM adherence_closed_days GROUP BY user_id) d USING (user_id)
     WHERE mod(abs(hashtext(p.user_id::text)), $1) = $2`,
    [buckets, bucket],
  );
  const due: DueDay[] = [];
  for (const row of rows) {
    let yesterday: string;
    try {
      yesterday = addDays(localDate(now.toISOString(), row.tz ?? 'UTC'), -1);
    } catch {
      continue; // a time zone this runtime does not know: nothing to close safely
    }
    const earliest = addDays(yesterday, -(SWEEP_LOOKBACK_DAYS - 1));
    let from = row.last ? addDays(row.last, 1) : row.start_date;
    if (daysBetween(from, row.start_date) > 0) from = row.start_date;
    if (daysBetween(from, earliest) > 0) from = earliest;
    const to = daysBetween(row.end_date, yesterday) > 0 ? row.end_date : yesterday;
    for (let date = from; daysBetween(date, to) >= 0; date = addDays(date, 1)) due.push({ userId: row.user_id, date });
  }
  return due;
}

/** Closes one local day: the first sweep appends AdherenceDayClosed, any later one nothing. */
export async function closeAdherenceDay(services: Services, day: DueDay, now: Date): Promise<boolean> {
  const result = await handle(services.store, adherenceDayStream(day.userId, day.date), adherenceDayDecider,
    { type: 'CloseAdherenceDay', userId: day.userId, date: day.date },
    { userId: day.userId, now: now.toISOString(), lookups: undefined, metadata: { actor: 'adherence-sweep' } });
  return result.events.length > 0;
}

/**
 * The skip sweep: closes every local day that is over, so planned sessions and meals with
 * nothing logged become skipped. Idempotent (each day's stream is written once), safe to run on
 * several workers at once, and after a restart it picks up from each user's last closed day.
 */
export async function runSkipSweep(services: Services, now: Date, options: { bucket?: number; buckets?: number } = {}): Promise<{ closed: number; due: number }> {
  const due = await dueDays(services, now, options.bucket ?? 0, options.buckets ?? 1);
  let closed = 0;
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const day = due[next++];
      if (await closeAdherenceDay(services, day, now)) closed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(SWEEP_PARALLEL, due.length) }, worker));
  return { closed, due: due.length };
}
