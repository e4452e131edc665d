import { addDays, daysBetween } from '../core/dates';
import type { Services } from '../services';
import { localToday } from './adjustments.queries';
import { recordAnalysis } from './analysis';
import { loadDayAnalysisInputs } from './analysis.inputs';
import { AdjustmentMode, AdjustmentPolicy, AdjustmentProposal, DayAnalysisInputs, DEFAULT_ADJUSTMENT_POLICY } from './contracts';
import { proposeAdjustment } from './rules';

/**
 * The nightly adjustment sweep: once per user's local day, after their local midnight, the day's
 * analysis (trigger 'sweep') for every user whose program covers it. It runs every quarter hour
 * (with the skip sweep, so yesterday's missed sessions are counted first) and keeps a ledger per
 * time zone and local day (adjustment_sweeps), so each user is analyzed once a day however often
 * it runs; the Propose decider makes a repeat (two workers, a retry) a no-op anyway.
 *
 * Cost per user: the policies, time zones and the day's current overrides are read for a whole
 * bucket in two statements; then the inputs loader; a command (a transaction) only when the
 * analysis can change something: a new or different proposal, or a pending one to withdraw.
 */

/** Users analyzed at once by one bucket (each its own reads and, when needed, its own append). */
export const ADJUSTMENT_SWEEP_PARALLEL = 4;

interface Candidate {
  userId: string;
  timeZone: string;
  today: string;
  policy: AdjustmentPolicy;
}

interface CurrentOverride {
  status: string;
  inputsHash: string | null;
  rulesVersion: number | null;
}

export interface AdjustmentSweepResult {
  /** Users whose day was analyzed. */
  analyzed: number;
  /** Analyses that appended events (a proposal, a supersede or a withdrawal). */
  changed: number;
  /** Time zones whose local day this run completed. */
  zones: number;
}

/**
 * Users of one bucket whose local today has not been swept yet and whose programs span it, with
 * their policy (OFF users are left out: nothing is proposed for them).
 */
async function candidates(services: Services, now: Date, bucket: number, buckets: number): Promise<Map<string, Candidate[]>> {
  const { rows } = await services.db.sql.query<{ user_id: string; tz: string | null; start_date: string; end_date: string; mode: AdjustmentMode | null; threshold: number | null }>(
    `SELECT p.user_id, p.tz, p.start_date, p.end_date, pol.mode, pol.auto_apply_threshold::float8 AS threshold
     FROM (SELECT user_id, min(start_date) AS start_date, max(end_date) AS end_date,
                  (array_agg(targets->>'timeZone' ORDER BY created_at DESC, id))[1] AS tz
           FROM programs GROUP BY user_id) p
     LEFT JOIN adjustment_policies pol USING (user_id)
     WHERE mod(abs(hashtext(p.user_id::text)), $1) = $2 AND coalesce(pol.mode, 'ASK') <> 'OFF'
       AND p.end_date >= ($3::timestamptz AT TIME ZONE 'UTC')::date - 1`,
    [buckets, bucket, now.toISOString()],
  );
  const { rows: swept } = await services.db.sql.query<{ time_zone: string; date: string }>(
    `SELECT time_zone, date FROM adjustment_sweeps WHERE bucket = $1 AND buckets = $2 AND date >= ($3::timestamptz AT TIME ZONE 'UTC')::date - 1`,
    [bucket, buckets, now.toISOString()],
  );
  const done = new Set(swept.map((s) => `${s.time_zone}|${s.date}`));
  const zones = new Map<string, Candidate[]>();
  for (const row of rows) {
    const timeZone = row.tz ?? 'UTC';
    const today = localToday(now, timeZone);
    const key = `${timeZone}|${today}`;
    if (done.has(key)) continue;
    const list = zones.get(key) ?? [];
    zones.set(key, list);
    if (daysBetween(row.start_date, today) < 0 || daysBetween(today, row.end_date) < 0) continue;
    const policy = row.mode ? { mode: row.mode, autoApplyThreshold: Number(row.threshold) } : DEFAULT_ADJUSTMENT_POLICY;
    list.push({ userId: row.user_id, timeZone, today, policy });
  }
  return zones;
}

/** Each candidate's newest override of its day: two arrays, one statement. */
async function currentOverrides(services: Services, users: readonly Candidate[]): Promise<Map<string, CurrentOverride>> {
  if (users.length === 0) return new Map();
  const { rows } = await services.db.sql.query<{ user_id: string; status: string; inputs_hash: string | null; rules_version: number | null }>(
    `SELECT DISTINCT ON (o.user_id) o.user_id, o.status, o.inputs_hash, o.rules_version
     FROM unnest($1::uuid[], $2::date[]) AS d(user_id, date)
     JOIN day_overrides o ON o.user_id = d.user_id AND o.date = d.date
     ORDER BY o.user_id, o.created_at DESC, o.version DESC`,
    [users.map((u) => u.userId), users.map((u) => u.today)],
  );
  return new Map(rows.map((r) => [r.user_id, { status: r.status, inputsHash: r.inputs_hash, rulesVersion: r.rules_version }]));
}

/**
 * Whether the Propose command could append anything, judged from the read model (the decider
 * stays the authority: a stale guess costs one command that appends nothing).
 */
export function analysisCanChange(current: CurrentOverride | undefined, proposal: AdjustmentProposal | null): boolean {
  if (!current) return proposal !== null;
  if (current.status === 'approved' || current.status === 'auto_applied') return false;
  if (proposal === null) return current.status === 'pending';
  const same = current.inputsHash === proposal.inputsHash;
  if (same && current.status === 'pending' && current.rulesVersion === proposal.rulesVersion) return false;
  if (same && (current.status === 'rejected' || current.status === 'undone')) return false;
  return true;
}

/** How the sweep analyzes one user's day: the inputs loader and the rules (a test may stand in for them). */
export type DayAnalyzer = (services: Services, userId: string, date: string) => Promise<{ inputs: DayAnalysisInputs; proposal: AdjustmentProposal | null }>;

export const analyzeWithRules: DayAnalyzer = async (services, userId, date) => {
  // The worker's own connection (as the adherence sweep reads): one round trip, where a scoped
  // read would add its BEGIN and COMMIT. The statement filters every table on the user itself.
  const inputs = await loadDayAnalysisInputs(services, userId, date, services.db.sql);
  return { inputs, proposal: inputs.programId ? proposeAdjustment(inputs) : null };
};

async function sweepUser(services: Services, user: Candidate, current: CurrentOverride | undefined, now: Date, analyze: DayAnalyzer): Promise<boolean> {
  const { inputs, proposal } = await analyze(services, user.userId, user.today);
  if (!analysisCanChange(current, proposal)) return false;
  const outcome = await recordAnalysis(services, user.userId, user.today, inputs, proposal, {
    policy: user.policy, today: localToday(now, user.timeZone), trigger: 'sweep', actor: 'adjustment-sweep',
  });
  return outcome.appended > 0;
}

/**
 * Sweeps one bucket of users (of `buckets`): every time zone whose local day has begun and is
 * not in the ledger yet. A user that fails is logged and left to the next day's sweep, analyzeDay
 * or their next context; the zone is still recorded, so one bad row cannot stall the rest.
 */
export async function runAdjustmentSweep(
  services: Services, now: Date, options: { bucket?: number; buckets?: number; analyze?: DayAnalyzer } = {},
): Promise<AdjustmentSweepResult> {
  const analyze = options.analyze ?? analyzeWithRules;
  const bucket = options.bucket ?? 0;
  const buckets = options.buckets ?? 1;
  const zones = await candidates(services, now, bucket, buckets);
  const result: AdjustmentSweepResult = { analyzed: 0, changed: 0, zones: 0 };
  for (const [key, users] of zones) {
    const [timeZone, date] = key.split('|');
    const current = await currentOverrides(services, users);
    let next = 0;
    const worker = async () => {
      while (next < users.length) {
        const user = users[next++];
        try {
          if (await sweepUser(services, user, current.get(user.userId), now, analyze)) result.changed++;
          result.analyzed++;
        } catch (error) {
          services.logger.warn({ err: error, userId: user.userId, date: user.today }, 'adjustment sweep: analysis failed for a user');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ADJUSTMENT_SWEEP_PARALLEL, users.length) }, worker));
    await services.db.sql.query(
      `INSERT INTO adjustment_sweeps (time_zone, date, bucket, buckets, analyzed, swept_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING`,
      [timeZone, date, bucket, buckets, users.length, now.toISOString()],
    );
    result.zones++;
  }
  return result;
}

/** The ledger keeps a few days: older rows are never read again. */
export async function pruneSweepLedger(services: Services, now: Date): Promise<void> {
  await services.db.sql.query('DELETE FROM adjustment_sweeps WHERE date < $1', [addDays(now.toISOString().slice(0, 10), -7)]);
}
