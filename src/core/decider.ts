import { NewEvent } from './eventStore/types';

/** What decide may know besides the command and the state: the time, the caller, looked-up data. */
export interface DecideContext<Lookups = unknown> {
  /** ISO-8601 instant of the request. */
  now: string;
  userId: string;
  lookups: Lookups;
}

/**
 * An aggregate as two pure functions (design.md section 2): evolve folds events into state and
 * never throws; decide turns a command and the state into new events, or throws an AppError.
 */
export interface Decider<State, Command, Event extends NewEvent, Lookups = unknown> {
  initialState: State;
  evolve(state: State, event: Pick<Event, 'type' | 'data'>): State;
  decide(command: Command, state: State, context: DecideContext<Lookups>): Event[];
  /** Top-level keys of event data that evolve never reads: not fetched when the stream is read. */
  omitDataKeys?: readonly string[];
}

/** Ends a switch over a union: a new member that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/** evolve's exhaustive default: compile-time check for unhandled types, and no throw at run time. */
export function unknownEvent<State>(_event: never, state: State): State {
  return state;
}
