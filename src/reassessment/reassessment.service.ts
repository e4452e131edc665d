import { handle } from '../core/commandHandler';
import { notFound } from '../core/errors';
import type { SqlExecutor } from '../core/db/sql';
import { localDate } from '../consultations/consultation.rules';
import { programStream, ReassessmentAppliedData } from '../programs/planChange.contracts';
import type { Services } from '../services';
import { loadReassessmentInputs, programTimeZone } from './evidence.loader';
import type { ReassessmentInputs, ReassessmentTrigger } from './reassessment';
import { reassessmentDecider } from './reassessment.decide';

export type { ReassessmentTrigger } from './reassessment';

export interface RunReassessmentOptions {
  /** The program stream's version the caller read: stale -> CONFLICT, nothing written. */
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
  trigger?: ReassessmentTrigger;
  /**
   * The sweep's view of programs.next_reassessment_date: when the program's due date has moved
   * (another worker reassessed it), the command appends nothing (a no-op, not an error).
   */
  dueDate?: string | null;
  /** Who ran it, for the event metadata (defaults to the user). */
  actor?: string;
  /** The program's time zone when the caller knows it (the sweep): saves a read. */
  timeZone?: string;
  /** Where to read the inputs (the sweep: the worker's connection); default: as the user. */
  sql?: SqlExecutor;
  /**
   * Inputs the caller already loaded (the sweep, for a batch of programs in one statement), for
   * the local day it loaded them for: used when that is still the person's local day now; a retry
   * after a lost race loads them again.
   */
  preloaded?: { today: string; inputs: ReassessmentInputs | null };
}

export interface ReassessmentOutcome {
  programId: string;
  /** The program stream's version after the command. */
  version: number;
  /** False when the command appended nothing (the sweep found the due date moved). */
  applied: boolean;
  /** The appended event's data (null when nothing was appended). */
  data: ReassessmentAppliedData | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reassesses one program now (the person's local day from services.clock): loads the evidence of
 * the 14 days before, runs the nutrition and training controllers and appends one
 * ReassessmentApplied on programStream(programId). Someone else's program -> NOT_FOUND; a program
 * that is not active, has not started or has ended -> BAD_USER_INPUT on `programId`; stale
 * expectedVersion -> CONFLICT; a second one the same local day -> CONFLICT. Nothing is written on
 * an error. Round trips: the time zone (unless given), the inputs (one statement), the command.
 */
export async function runReassessment(
  services: Services, userId: string, programId: string, options: RunReassessmentOptions = {},
): Promise<ReassessmentOutcome> {
  if (!UUID_RE.test(programId)) throw notFound('program', 'programId');
  const sql = options.sql ?? services.db.sql.asUser(userId);
  const timeZone = options.timeZone ?? (await programTimeZone(sql, userId, programId))?.timeZone;
  if (!timeZone) throw notFound('program', 'programId');
  const now = services.clock.now().toISOString();
  const today = localDate(now, timeZone);
  const load = async () => ({ today, inputs: await loadReassessmentInputs(sql, userId, programId, today) });
  const result = await handle(services.store, programStream(programId), reassessmentDecider, {
    type: 'RunReassessment', programId, reassessmentId: services.newId(), trigger: options.trigger ?? 'on_demand', dueDate: options.dueDate ?? null,
  }, {
    userId,
    now,
    lookups: options.preloaded?.today === today ? options.preloaded : await load(),
    reloadLookups: load,
    expectedVersion: options.expectedVersion,
    idempotencyKey: options.idempotencyKey,
    request: { op: 'runReassessment', programId },
    programId,
    metadata: { actor: options.actor ?? userId },
  });
  const event = result.events[0];
  return {
    programId,
    version: result.version,
    applied: result.events.length > 0,
    data: event ? (event.data as unknown as ReassessmentAppliedData) : null,
  };
}
