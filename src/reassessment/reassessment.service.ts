import type { Services } from '../services';
import type { ReassessmentAppliedData } from '../programs/planChange.contracts';

/** Why a reassessment ran: asked for (runReassessment) or found due by the sweep. */
export type ReassessmentTrigger = 'on_demand' | 'sweep';

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

/**
 * Reassesses one program now (the person's local day from services.clock): loads the evidence of
 * the 14 days before, runs the nutrition and training controllers and appends one
 * ReassessmentApplied on programStream(programId). Someone else's program -> NOT_FOUND; a program
 * that is not active or has not started -> BAD_USER_INPUT on `programId`; stale expectedVersion ->
 * CONFLICT. Nothing is written on an error.
 */
export async function runReassessment(
  services: Services, userId: string, programId: string, options: RunReassessmentOptions = {},
): Promise<ReassessmentOutcome> {
  void services; void userId; void programId; void options;
  throw new Error('runReassessment: not implemented yet');
}
