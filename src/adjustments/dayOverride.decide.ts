import { DecideContext, Decider, assertNever } from '../core/decider';
import { AppError, badInput, notFound } from '../core/errors';
import { isStorableText } from '../server/storableText';
import {
  AdjustmentPolicy, AdjustmentProposal, AnalysisTrigger, DayOverrideEvent, DayOverrideStatus,
} from './contracts';
import {
  DAY_OVERRIDE_OMIT_KEYS, DayOverrideState, OverrideSummary, evolveDayOverride, initialDayOverrideState, isApplied,
} from './dayOverride';

/** The longest reason a person may give for rejecting a proposal. */
export const REJECT_REASON_MAX = 500;

export interface DayOverrideLookups {
  /** The person's local date now: a day before it is over and locked. */
  today: string;
}

/**
 * Propose: the outcome of an analysis of the day (proposal null: no change warranted), with the
 * person's policy as read before the command. Approve, Reject and Undo name the override.
 */
export type DayOverrideCommand =
  | {
    type: 'ProposeDayOverride'; overrideId: string; date: string; programId: string | null;
    proposal: AdjustmentProposal | null; policy: AdjustmentPolicy; trigger: AnalysisTrigger;
  }
  | { type: 'ApproveDayOverride'; overrideId: string }
  | { type: 'RejectDayOverride'; overrideId: string; reason: string | null }
  | { type: 'UndoDayOverride'; overrideId: string };

type Context = DecideContext<DayOverrideLookups>;

/** The status as the API spells it (the DayOverrideStatus enum), for CONFLICT extensions. */
export const apiStatus = (status: DayOverrideStatus | null): string | null => (status === null ? null : status.toUpperCase());

function conflictWith(message: string, override: OverrideSummary | null): AppError {
  return new AppError('CONFLICT', message, undefined, {
    status: apiStatus(override?.status ?? null),
    ...(override ? { overrideId: override.overrideId } : {}),
  });
}

function dayIsOver(date: string, context: Context, override: OverrideSummary | null): void {
  if (date < context.lookups.today) {
    throw conflictWith(`${date} is over in your time zone: a past day is not changed (the override is ${override?.status ?? 'absent'})`, override);
  }
}

/** The named override of the caller's day; someone else's (or none) is NOT_FOUND. */
function target(state: DayOverrideState, overrideId: string, context: Context): OverrideSummary {
  const override = state.overrides[overrideId];
  if (!override || state.userId !== context.userId) throw notFound('day override', 'id');
  dayIsOver(state.date!, context, override);
  return override;
}

function requireStatus(override: OverrideSummary, allowed: readonly DayOverrideStatus[], action: string): void {
  if (!allowed.includes(override.status)) {
    throw conflictWith(`the day override is ${override.status}: only ${allowed.join(' or ')} can be ${action}`, override);
  }
}

function checkReason(reason: string | null | undefined): string | null {
  if (reason === null || reason === undefined || reason.trim() === '') return null;
  if (reason.length > REJECT_REASON_MAX) throw badInput('reason', `reason must be at most ${REJECT_REASON_MAX} characters`);
  if (!isStorableText(reason)) throw badInput('reason', 'reason contains characters that cannot be stored (NUL or a broken surrogate)');
  return reason;
}

/**
 * What an analysis does to the day:
 * - policy OFF: nothing is proposed (a pending proposal is left for the person to decide);
 * - an approved or auto-applied override stands: the person accepted a change for the day and
 *   the plan must not move under them; nothing is proposed until they undo it;
 * - no change warranted: a pending proposal is withdrawn (its inputs no longer hold);
 * - the same proposal as the pending one (inputs hash and rules version): nothing new;
 * - inputs the person already rejected or undid for this day: nothing (a pending one is withdrawn);
 * - otherwise the proposal, superseding a pending one; under AUTO at or above the threshold it
 *   is applied at once ('auto_applied' in the Proposed event), else it waits ('pending').
 */
function propose(command: Extract<DayOverrideCommand, { type: 'ProposeDayOverride' }>, state: DayOverrideState, context: Context): DayOverrideEvent[] {
  const current = state.currentId ? state.overrides[state.currentId] : null;
  dayIsOver(command.date, context, current);
  if (command.policy.mode === 'OFF') return [];
  if (current && isApplied(current.status)) return [];
  const { userId, now: at } = context;
  const { date, proposal } = command;
  const pending = current?.status === 'pending' ? current : null;
  const withdraw = (): DayOverrideEvent[] => (pending ? [{ type: 'DayOverrideWithdrawn', data: { overrideId: pending.overrideId, userId, date, at } }] : []);
  if (proposal === null || command.programId === null) return withdraw();
  if (pending && pending.inputsHash === proposal.inputsHash && pending.rulesVersion === proposal.rulesVersion) return [];
  if (state.declinedHashes.includes(proposal.inputsHash)) return withdraw();
  if (proposal.confidence < 0 || proposal.confidence > 1 || !Number.isFinite(proposal.confidence)) {
    throw new Error(`a proposal's confidence must be 0-1, got ${proposal.confidence}`);
  }
  const auto = command.policy.mode === 'AUTO' && proposal.confidence >= command.policy.autoApplyThreshold;
  const events: DayOverrideEvent[] = pending
    ? [{ type: 'DayOverrideSuperseded', data: { overrideId: pending.overrideId, userId, date, by: command.overrideId, at } }]
    : [];
  events.push({
    type: 'DayOverrideProposed',
    data: {
      ...proposal, overrideId: command.overrideId, userId, programId: command.programId, date,
      status: auto ? 'auto_applied' : 'pending', trigger: command.trigger, at,
    },
  });
  return events;
}

export function decideDayOverride(command: DayOverrideCommand, state: DayOverrideState, context: Context): DayOverrideEvent[] {
  const { userId, now: at } = context;
  switch (command.type) {
    case 'ProposeDayOverride':
      return propose(command, state, context);
    case 'ApproveDayOverride': {
      const override = target(state, command.overrideId, context);
      requireStatus(override, ['pending'], 'approved');
      return [{ type: 'DayOverrideApproved', data: { overrideId: override.overrideId, userId, date: state.date!, at } }];
    }
    case 'RejectDayOverride': {
      const reason = checkReason(command.reason);
      const override = target(state, command.overrideId, context);
      requireStatus(override, ['pending'], 'rejected');
      return [{ type: 'DayOverrideRejected', data: { overrideId: override.overrideId, userId, date: state.date!, reason, at } }];
    }
    case 'UndoDayOverride': {
      const override = target(state, command.overrideId, context);
      requireStatus(override, ['approved', 'auto_applied'], 'undone');
      return [{ type: 'DayOverrideUndone', data: { overrideId: override.overrideId, userId, date: state.date!, at } }];
    }
    default:
      return assertNever(command);
  }
}

export const dayOverrideDecider: Decider<DayOverrideState, DayOverrideCommand, DayOverrideEvent, DayOverrideLookups> = {
  initialState: initialDayOverrideState,
  evolve: evolveDayOverride,
  decide: decideDayOverride,
  omitDataKeys: DAY_OVERRIDE_OMIT_KEYS,
};
