import { unknownEvent } from '../core/decider';
import { DayOverrideEvent, DayOverrideStatus } from './contracts';

/**
 * A day override: the change the daily adjustment proposes for one user's local day (lighter
 * training, rest, other nutrition targets) and what the person made of it. One stream per user
 * and day (dayOverrideStream): a day may see several proposals in turn, the newest is current.
 */

/** What the decider remembers of each proposal of the day (the overrides themselves live in the read model). */
export interface OverrideSummary {
  overrideId: string;
  status: DayOverrideStatus;
  inputsHash: string;
  rulesVersion: number;
}

export interface DayOverrideState {
  userId: string | null;
  date: string | null;
  overrides: Record<string, OverrideSummary>;
  /** The newest proposal of the day, whatever its status. */
  currentId: string | null;
  /** Inputs hashes of proposals the person rejected or undid: not proposed again for this day. */
  declinedHashes: string[];
  version: number;
}

export const initialDayOverrideState: DayOverrideState = {
  userId: null, date: null, overrides: {}, currentId: null, declinedHashes: [], version: 0,
};

/** Keys of DayOverrideProposed data that evolve never reads: not fetched when the stream is read. */
export const DAY_OVERRIDE_OMIT_KEYS = ['trainingOverride', 'nutritionOverride', 'reasons'] as const;

function withStatus(state: DayOverrideState, overrideId: string, status: DayOverrideStatus, declined = false): DayOverrideState {
  const current = state.overrides[overrideId];
  if (!current) return { ...state, version: state.version + 1 };
  return {
    ...state,
    overrides: { ...state.overrides, [overrideId]: { ...current, status } },
    declinedHashes: declined && !state.declinedHashes.includes(current.inputsHash) ? [...state.declinedHashes, current.inputsHash] : state.declinedHashes,
    version: state.version + 1,
  };
}

export function evolveDayOverride(state: DayOverrideState, event: Pick<DayOverrideEvent, 'type' | 'data'>): DayOverrideState {
  const e = event as DayOverrideEvent;
  switch (e.type) {
    case 'DayOverrideProposed': {
      const { overrideId, userId, date, status, inputsHash, rulesVersion } = e.data;
      return {
        ...state, userId, date, currentId: overrideId, version: state.version + 1,
        overrides: { ...state.overrides, [overrideId]: { overrideId, status, inputsHash, rulesVersion } },
      };
    }
    case 'DayOverrideApproved':
      return withStatus(state, e.data.overrideId, 'approved');
    case 'DayOverrideRejected':
      return withStatus(state, e.data.overrideId, 'rejected', true);
    case 'DayOverrideUndone':
      return withStatus(state, e.data.overrideId, 'undone', true);
    case 'DayOverrideSuperseded':
    case 'DayOverrideWithdrawn':
      return withStatus(state, e.data.overrideId, 'superseded');
    default:
      return unknownEvent(e as never, { ...state, version: state.version + 1 });
  }
}

/** The current override when it is in force on the day (the plan shows it). */
export const isApplied = (status: DayOverrideStatus): boolean => status === 'approved' || status === 'auto_applied';
