import { createHash } from 'node:crypto';
import { AppError, badInput, conflict } from './errors';
import { DecideContext, Decider } from './decider';
import { ConcurrencyConflict, EventStore } from './eventStore/eventStore';
import { EventMetadata, NewEvent, RecordedEvent } from './eventStore/types';

/** How often a command re-reads and re-decides after losing a race before answering CONFLICT. */
export const MAX_CONFLICT_RETRIES = 3;

/** The longest idempotency key (plan_change_events.idempotency_key has the same CHECK). */
export const IDEMPOTENCY_KEY_MAX = 200;

export interface HandleOptions<Lookups> {
  userId: string;
  now: string;
  lookups: Lookups;
  /** The client's view of the stream: when given and stale, the answer is CONFLICT, no retry. */
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
  /** Identifies the request that carried the key (operation and arguments, not generated ids). */
  request?: unknown;
  programId?: string | null;
  metadata?: EventMetadata;
}

export interface HandleResult<State> {
  streamId: string;
  state: State;
  version: number;
  events: RecordedEvent[];
  /** True when an idempotency key matched an earlier request: nothing was appended. */
  replayed: boolean;
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request ?? null)).digest('hex').slice(0, 32);
}

function fold<State, Event extends NewEvent>(
  decider: Decider<State, unknown, Event, unknown>,
  events: readonly RecordedEvent[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event as unknown as Event), decider.initialState);
}

/**
 * A stream's current state, folded with the decider's evolve (for reads outside a command), as
 * userId sees it: someone else's stream folds to the initial state.
 */
export async function readState<State, Event extends NewEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, never, Event, never>,
  userId: string,
): Promise<State> {
  const events = await store.readStream(streamId, { omitDataKeys: decider.omitDataKeys, userId });
  return fold(decider as unknown as Decider<State, unknown, Event, unknown>, events);
}

/**
 * The write path: read the stream, fold it, decide, append with the version read (with the
 * inline projections), all in one transaction. A lost race is retried from the read; a retried
 * request with a known idempotency key returns the first result and appends nothing.
 */
export async function handle<State, Command, Event extends NewEvent, Lookups>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event, Lookups>,
  command: Command,
  options: HandleOptions<Lookups>,
): Promise<HandleResult<State>> {
  const key = options.idempotencyKey ?? null;
  if (key !== null && (key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX)) {
    throw badInput('idempotencyKey', `idempotencyKey must be 1-${IDEMPOTENCY_KEY_MAX} characters`);
  }
  const commandHash = key ? requestHash(options.request ?? command) : undefined;
  const anyDecider = decider as unknown as Decider<State, unknown, Event, unknown>;

  for (let attempt = 0; ; attempt++) {
    try {
      // One transaction per attempt, as the API role for the caller (row-level security): its
      // scope rides with BEGIN, so reading inside it costs no round trip more than before.
      // decide is pure and quick, so holding the transaction across it holds no lock.
      return await store.transactionFor(options.userId, async (tx) => {
        if (key) {
          const hit = await store.findIdempotent(options.userId, key, tx);
          if (hit) {
            if (hit.metadata.commandHash !== commandHash) {
              throw badInput('idempotencyKey', 'this idempotency key was already used for a different request');
            }
            const history = await store.readStream(hit.streamId, { omitDataKeys: decider.omitDataKeys, tx });
            return { streamId: hit.streamId, state: fold(anyDecider, history), version: history.length, events: [], replayed: true };
          }
        }
        const history = await store.readStream(streamId, { omitDataKeys: decider.omitDataKeys, tx });
        const version = history.length;
        if (options.expectedVersion != null && options.expectedVersion !== version) {
          throw conflict(`expected version ${options.expectedVersion} but the current version is ${version}`, {
            expectedVersion: options.expectedVersion,
            currentVersion: version,
          });
        }
        const state = fold(anyDecider, history);
        const context: DecideContext<Lookups> = { now: options.now, userId: options.userId, lookups: options.lookups };
        const events = decider.decide(command, state, context);
        const appended = await store.append(streamId, version, events, {
          userId: options.userId,
          programId: options.programId ?? null,
          idempotencyKey: key,
          metadata: { ...options.metadata, ...(commandHash ? { commandHash } : {}) },
        }, tx);
        const next = appended.events.reduce((s, e) => anyDecider.evolve(s, e as unknown as Event), state);
        return { streamId, state: next, version: appended.version, events: appended.events, replayed: false };
      });
    } catch (error) {
      // A lost race rolled the whole attempt back: re-read and re-decide.
      if (!(error instanceof ConcurrencyConflict)) throw error;
      if (attempt >= MAX_CONFLICT_RETRIES) {
        throw new AppError('CONFLICT', 'the record was changed by another request at the same time; try again', undefined, {
          streamId,
        });
      }
    }
  }
}
