import { Decider, assertNever, unknownEvent } from '../core/decider';
import { AppError } from '../core/errors';

/**
 * A closed day: the person's local day is over, so every planned session and meal of it with
 * nothing logged counts as skipped. One stream per user and day, written once: a second sweep
 * (another worker, a retry after a restart) finds it closed and appends nothing.
 */
export const adherenceDayStream = (userId: string, date: string): string => `adherence-day-${userId}-${date}`;

export interface AdherenceDayClosedData {
  userId: string;
  date: string;
  at: string;
}

export type AdherenceDayEvent = { type: 'AdherenceDayClosed'; data: AdherenceDayClosedData };
export type AdherenceDayCommand = { type: 'CloseAdherenceDay'; userId: string; date: string };
export type AdherenceDayState = { closed: boolean };

export const adherenceDayDecider: Decider<AdherenceDayState, AdherenceDayCommand, AdherenceDayEvent, undefined> = {
  initialState: { closed: false },
  evolve(state, event) {
    switch (event.type) {
      case 'AdherenceDayClosed':
        return { closed: true };
      default:
        return unknownEvent(event.type as never, state);
    }
  },
  decide(command, state, context) {
    switch (command.type) {
      case 'CloseAdherenceDay':
        if (command.userId !== context.userId) throw new AppError('FORBIDDEN', 'a day is closed for its own user');
        return state.closed ? [] : [{ type: 'AdherenceDayClosed', data: { userId: command.userId, date: command.date, at: context.now } }];
      default:
        return assertNever(command.type as never);
    }
  },
};
