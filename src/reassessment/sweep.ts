import { localDate } from '../consultations/consultation.rules';
import type { Services } from '../services';
import { loadReassessmentInputsBatch } from './evidence.loader';
import { runReassessment } from './reassessment.service';

/**
 * The reassessment sweep: every active program whose next_reassessment_date has come in its
 * person's local day is reassessed once. Safe with several workers and repeats: each command
 * carries the due date the sweep saw, and the decider appends nothing when the program's due
 * date has moved (another worker, or an on-demand run, got there first); two at once race on
 * the program stream's version, and the loser re-reads, sees the moved date and does nothing.
 * Bucketed by user like the other sweeps, so workers share the programs without overlap.
 */

/**
 * Batches of programs in flight at once in one bucket: each batch loads its programs' inputs in
 * one statement, then reassesses them one after another (each its own transaction), so one
 * batch's load overlaps the others' writes. Measured with bench/reassessment.bench.ts on a 2-core
 * machine: 4 in flight keeps both cores busy; more only queues on them.
 */
export const REASSESSMENT_SWEEP_PARALLEL = 4;

/** Programs whose inputs one statement loads (see loadReassessmentInputsBatch). */
export const REASSESSMENT_SWEEP_BATCH = 25;

export interface ReassessmentSweepResult {
  /** Programs due in their local day. */
  due: number;
  /** Reassessments appended (a program another worker did first counts as not applied). */
  applied: number;
  failed: number;
}

interface DueProgram { programId: string; userId: string; dueDate: string; timeZone: string }

export async function dueReassessments(services: Services, now: Date, bucket = 0, buckets = 1): Promise<DueProgram[]> {
  // Coarse in SQL (UTC date + 1 covers every time zone ahead of UTC), exact per time zone here.
  const { rows } = await services.db.sql.query<{ id: string; user_id: string; due: string; end_date: string; tz: string | null }>(
    `SELECT id, user_id, next_reassessment_date::text AS due, end_date::text AS end_date, targets->>'timeZone' AS tz
     FROM programs
     WHERE status = 'active' AND next_reassessment_date <= ($3::timestamptz AT TIME ZONE 'UTC')::date + 1
       AND mod(abs(hashtext(user_id::text)), $1) = $2`,
    [buckets, bucket, now.toISOString()],
  );
  const due: DueProgram[] = [];
  for (const row of rows) {
    let today: string;
    try {
      today = localDate(now.toISOString(), row.tz ?? 'UTC');
    } catch {
      continue; // a time zone this runtime does not know
    }
    if (row.due <= today && today <= row.end_date) due.push({ programId: row.id, userId: row.user_id, dueDate: row.due, timeZone: row.tz ?? 'UTC' });
  }
  return due;
}

export async function runReassessmentSweep(
  services: Services, now: Date, options: { bucket?: number; buckets?: number; parallel?: number; batch?: number } = {},
): Promise<ReassessmentSweepResult> {
  const due = await dueReassessments(services, now, options.bucket ?? 0, options.buckets ?? 1);
  const result: ReassessmentSweepResult = { due: due.length, applied: 0, failed: 0 };
  const size = Math.max(1, options.batch ?? REASSESSMENT_SWEEP_BATCH);
  const batches: DueProgram[][] = [];
  for (let i = 0; i < due.length; i += size) batches.push(due.slice(i, i + size));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      // The person's local day as runReassessment will see it (services.clock), per program.
      const clockNow = services.clock.now().toISOString();
      const days = batch.map((program) => localDate(clockNow, program.timeZone));
      const inputs = await loadReassessmentInputsBatch(services.db.sql, batch.map((program, i) => ({ userId: program.userId, programId: program.programId, today: days[i]! })))
        .catch((error: unknown) => {
          services.logger.warn({ err: error }, 'reassessment sweep: a batch load failed; its programs load one by one');
          return null;
        });
      for (const [i, program] of batch.entries()) {
        try {
          const outcome = await runReassessment(services, program.userId, program.programId, {
            trigger: 'sweep', dueDate: program.dueDate, timeZone: program.timeZone, sql: services.db.sql, actor: 'reassessment-sweep',
            preloaded: inputs ? { today: days[i]!, inputs: inputs[i] ?? null } : undefined,
          });
          if (outcome.applied) result.applied++;
        } catch (error) {
          result.failed++;
          services.logger.warn({ err: error, programId: program.programId }, 'reassessment sweep: a program failed; the next sweep retries it');
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? REASSESSMENT_SWEEP_PARALLEL, batches.length) }, worker));
  return result;
}
