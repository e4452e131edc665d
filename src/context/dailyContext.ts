import { unknownEvent } from '../core/decider';
import type { DailyContext, DailyContextEvent } from '../adjustments/contracts';

export { dailyContextStream } from '../adjustments/contracts';

/**
 * Daily context: how the person is on one local day (sleep, stress, soreness, energy, optional
 * HRV, resting heart rate and body weight). One stream per user and day: logged once, then amended.
 */
export type DailyContextState =
  | { status: 'none' }
  | { status: 'logged'; context: DailyContext; loggedAt: string; updatedAt: string };

export const initialDailyContextState: DailyContextState = { status: 'none' };

function withoutAt(data: DailyContext & { at: string }): DailyContext {
  const { at: _at, ...context } = data;
  return context;
}

export function evolveDailyContext(state: DailyContextState, event: DailyContextEvent): DailyContextState {
  switch (event.type) {
    case 'DailyContextLogged':
      return { status: 'logged', context: withoutAt(event.data), loggedAt: event.data.at, updatedAt: event.data.at };
    case 'DailyContextAmended':
      return state.status === 'logged'
        ? { ...state, context: withoutAt(event.data), updatedAt: event.data.at }
        : { status: 'logged', context: withoutAt(event.data), loggedAt: event.data.at, updatedAt: event.data.at };
    default:
      return unknownEvent(event as never, state);
  }
}
