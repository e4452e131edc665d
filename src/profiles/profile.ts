import { AppError } from '../core/errors';
import { Decider, unknownEvent } from '../core/decider';

/** A person known to the API: the `sub` of their token, registered on first use. */
export const userStream = (userId: string): string => `user-${userId}`;

export type ProfileEvent = { type: 'ProfileRegistered'; data: { userId: string; email: string | null; at: string } };
export type ProfileCommand = { type: 'RegisterProfile'; userId: string; email: string | null };
export type ProfileState = { registered: boolean };

export const profileDecider: Decider<ProfileState, ProfileCommand, ProfileEvent> = {
  initialState: { registered: false },
  evolve(state, event) {
    switch (event.type) {
      case 'ProfileRegistered':
        return { registered: true };
      default:
        return unknownEvent(event.type, state);
    }
  },
  decide(command, state, context) {
    if (state.registered) return [];
    if (command.userId !== context.userId) throw new AppError('FORBIDDEN', 'a profile can only be registered by its owner');
    return [{ type: 'ProfileRegistered', data: { userId: command.userId, email: command.email, at: context.now } }];
  },
};
