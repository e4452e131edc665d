import { Decider, assertNever, unknownEvent } from '../core/decider';
import { badInput } from '../core/errors';
import { AdjustmentMode, AdjustmentPolicy, AdjustmentPolicyEvent } from './contracts';

/**
 * The person's adjustment policy: AUTO applies a proposal at or above the threshold without
 * asking (below it, asks), ASK always asks, OFF proposes nothing. One stream per user
 * (adjustmentPolicyStream); someone who never set one has DEFAULT_ADJUSTMENT_POLICY.
 */

export const ADJUSTMENT_MODES: readonly AdjustmentMode[] = ['AUTO', 'ASK', 'OFF'];

export interface AdjustmentPolicyState {
  policy: AdjustmentPolicy | null;
  version: number;
}

export type AdjustmentPolicyCommand = { type: 'SetAdjustmentPolicy'; mode: AdjustmentMode; autoApplyThreshold: number };

export const adjustmentPolicyDecider: Decider<AdjustmentPolicyState, AdjustmentPolicyCommand, AdjustmentPolicyEvent, undefined> = {
  initialState: { policy: null, version: 0 },
  evolve(state, event) {
    switch (event.type) {
      case 'AdjustmentPolicySet':
        return { policy: { mode: event.data.mode, autoApplyThreshold: event.data.autoApplyThreshold }, version: state.version + 1 };
      default:
        return unknownEvent(event.type as never, { ...state, version: state.version + 1 });
    }
  },
  decide(command, state, context) {
    switch (command.type) {
      case 'SetAdjustmentPolicy': {
        if (!ADJUSTMENT_MODES.includes(command.mode)) throw badInput('mode', `mode must be one of ${ADJUSTMENT_MODES.join(', ')}`);
        const threshold = command.autoApplyThreshold;
        if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
          throw badInput('autoApplyThreshold', `autoApplyThreshold must be between 0 and 1, got ${threshold}`);
        }
        // Stored with three decimals (NUMERIC(4,3)): the event holds what the table can.
        const autoApplyThreshold = Math.round(threshold * 1000) / 1000;
        if (state.policy && state.policy.mode === command.mode && state.policy.autoApplyThreshold === autoApplyThreshold) return [];
        return [{ type: 'AdjustmentPolicySet', data: { mode: command.mode, autoApplyThreshold, userId: context.userId, at: context.now } }];
      }
      default:
        return assertNever(command.type as never);
    }
  },
};
