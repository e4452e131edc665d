import { createHash } from 'node:crypto';
import { AppError, badInput, conflict } from './errors';
import { DecideContext, Decider } from './decider';
import { ConcurrencyConflict, EventStore } from './eventStore/eventStore';
import { EventMetadata, NewEvent, RecordedEvent } from './eventStore/types';
import { SqlExecutor } from './db/sql';

/** How often a command re-reads and re-decides after losing a race before answering CONFLICT. */
export const MAX_CONFLICT_RETRIES = 3;

/** The longest idempotency key (plan_change_events.idempotency_key has the same CHECK). */
export const IDEMPOTENCY_KEY_MAX = 200;

export interface HandleOptions<Lookups> {
  userId: string;
  now: string;
  lookups: Lookups;
  /**
   * Looks the data up again before a retry, for deciders whose lookups a concurrent command can
   * change (which planned session is still free): a retry with the stale lookups would lose again.
   */
  reloadLookups?: () => Promise<Lookups>;
  /**
   * Reads the lookups inside the command's transaction, right after the stream (instead of
   * `lookups`): data that changes only with this stream (a program's plan, for plan changes) is
   * then never staler than the version read, since a newer change makes the append conflict.
   */
  lookupsInTransaction?: (tx: SqlExecutor) => Promise<Lookups>;
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
  /** The stream's events up to `version` (on a replay: up to the version the first request reached). */
  history: RecordedEvent[];
  events: RecordedEvent[];
  /** True when an idempotency key matched an earlier request: nothing was appended. */
  replayed: boolean;
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request ?? null)).digest('hex').slice(0, 32);
}

/**
 * Checks what every command may carry, before anything is read: an idempotency key of 1-200
 * characters and an expected version that can exist. Returns the key, or null.
 */
export function checkCommandOptions(options: Pick<HandleOptions<unknown>, 'idempotencyKey' | 'expectedVersion'>): string | null {
  const key = options.idempotencyKey ?? null;
  if (key !== null && (key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX)) {
    throw badInput('idempotencyKey', `idempotencyKey must be 1-${IDEMPOTENCY_KEY_MAX} characters`);
  }
  const expected = options.expectedVersion;
  if (expected != null && (!Number.isInteger(expected) || expected < 0)) {
    throw badInput('expectedVersion', `expectedVersion must be a version you read: a whole number, 0 or more, got ${expected}`);
  }
  return key;
}

/** The earlier request with this key, if any; the same key for another request is an input error. */
export async function findReplay(store: EventStore, userId: string, key: string | null, commandHash: string | undefined, tx?: SqlExecutor) {
  if (key === null) return null;
  const hit = await store.findIdempotent(userId, key, tx);
  if (hit && hit.metadata.commandHash !== commandHash) {
    throw badInput('idempotencyKey', 'this idempotency key was already used for a different request');
  }
  return hit;
}

/**
 * Runs one read-decide-append attempt until it does not lose a race: a ConcurrencyConflict
 * starts it again from the read, up to MAX_CONFLICT_RETRIES times, then answers CONFLICT.
 */
export async function retryOnConflict<T>(streamId: string, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
      if (tries >= MAX_CONFLICT_RETRIES) {
        throw new AppError('CONFLICT', 'the record was changed by another request at the same time; try again', undefined, {
          streamId,
        });
      }
    }
  }
}

export function fold<State, Event extends NewEvent>(
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
 * inline projections), all in one transaction as the API role for the caller. A lost race is
 * retried from the read; a retried request with a known idempotency key appends nothing and
 * answers with the state as of the first request: the stream folded up to the version that
 * request reached.
 */
export async function handle<State, Command, Event extends NewEvent, Lookups>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event, Lookups>,
  command: Command,
  options: HandleOptions<Lookups>,
): Promise<HandleResult<State>> {
  const key = checkCommandOptions(options);
  const commandHash = key ? requestHash(options.request ?? command) : undefined;
  const anyDecider = decider as unknown as Decider<State, unknown, Event, unknown>;
  let lookups = options.lookups;
  let attempts = 0;

  return retryOnConflict(streamId, async () => {
    if (attempts++ > 0 && options.reloadLookups) lookups = await options.reloadLookups();
    // One transaction per attempt, as the API role for the caller (row-level security): its
    // scope rides with BEGIN, so reading inside it costs no round trip more than before.
    // decide is pure and quick, so holding the transaction across it holds no lock.
    return store.transactionFor(options.userId, async (tx) => {
      const hit = await findReplay(store, options.userId, key, commandHash, tx);
      if (hit) {
        const toVersion = hit.versions[hit.streamId] ?? hit.streamVersion;
        const history = await store.readStream(hit.streamId, { omitDataKeys: decider.omitDataKeys, toVersion, tx });
        return { streamId: hit.streamId, state: fold(anyDecider, history), version: toVersion, history, events: [], replayed: true };
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
      if (options.lookupsInTransaction) lookups = await options.lookupsInTransaction(tx);
      const context: DecideContext<Lookups> = { now: options.now, userId: options.userId, lookups };
      const events = decider.decide(command, state, context);
      const appended = await store.append(streamId, version, events, {
        userId: options.userId,
        programId: options.programId ?? null,
        idempotencyKey: key,
        metadata: { ...options.metadata, ...(commandHash ? { commandHash } : {}) },
      }, tx);
      const next = appended.events.reduce((s, e) => anyDecider.evolve(s, e as unknown as Event), state);
      return { streamId, state: next, version: appended.version, history: [...history, ...appended.events], events: appended.events, replayed: false };
    });
  });
}
