import { AppError } from '../errors';
import { DecideContext, Decider } from '../decider';
import { NewEvent } from '../eventStore/types';

/**
 * given(events) -> when(command) -> then(events | error), for pure deciders:
 *   expect(scenario(decider, ctx).given(e1, e2).when(cmd)).toEqual([...])
 *   expect(() => scenario(decider, ctx).given().when(cmd)).toThrow(...)
 */
export function scenario<S, C, E extends NewEvent, L>(decider: Decider<S, C, E, L>, context: DecideContext<L>) {
  return {
    given(...history: Array<Pick<E, 'type' | 'data'>>) {
      const state = history.reduce((s, e) => decider.evolve(s, e), decider.initialState);
      return {
        state,
        when: (command: C): E[] => decider.decide(command, state, context),
      };
    },
  };
}

/** Runs fn and returns the AppError it throws (fails the test when it throws something else or nothing). */
export function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}
