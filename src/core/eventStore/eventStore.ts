import { Sql, SqlExecutor, scopeSettings, scopeStatement } from '../db/sql';
import { AppendOptions, NewEvent, RecordedEvent } from './types';

/** Raised inside the append transaction when another writer took the expected version. */
export class ConcurrencyConflict extends Error {
  constructor(readonly streamId: string, readonly expectedVersion: number) {
    super(`stream ${streamId} moved past version ${expectedVersion}`);
    this.name = 'ConcurrencyConflict';
  }
}

/** Runs the inline projections for appended events, inside the append's transaction. */
export type InlineProjector = (events: readonly RecordedEvent[], tx: SqlExecutor) => Promise<void>;

interface EventRow {
  global_position: number;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  user_id: string;
  program_id: string | null;
  idempotency_key: string | null;
  recorded_at: Date;
}

const COLUMNS = `global_position, stream_id, stream_version, event_type, schema_version, data,
  metadata, user_id, program_id, idempotency_key, recorded_at`;

export function toRecorded(row: EventRow): RecordedEvent {
  return {
    globalPosition: row.global_position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata ?? {},
    userId: row.user_id,
    programId: row.program_id,
    idempotencyKey: row.idempotency_key,
    recordedAt: row.recorded_at,
  };
}

/**
 * Row-level security: the append runs as the API role, the inline projections after it as the
 * projector role. The hand-over rides in the append's RETURNING, so it costs no statement of its
 * own (it would be one round trip in six): RETURNING is evaluated per row after the row is
 * checked and inserted, and PostgreSQL checks a statement's privileges and fixes its policies
 * before it runs, so the switch only affects the statements after it. When no row comes back (a
 * lost race) the role stays coach_api and the transaction is rolled back anyway.
 */
const PROJECTOR_HANDOVER = scopeSettings({ role: 'projector' });

/**
 * One statement appends a batch: the events travel as one JSON array parameter (a text[] of
 * JSON would be escaped by the driver and re-parsed element by element, which costs tens of
 * milliseconds for a program's bundle), and ON CONFLICT DO NOTHING turns a taken
 * (stream_id, stream_version) or a reused idempotency key into a short row count instead of a
 * raised error (which would cost node-pg its pooled connection and the server an ERROR line).
 */
const APPEND_SQL = `
  INSERT INTO plan_change_events
    (stream_id, stream_version, event_type, schema_version, data, metadata, user_id, program_id, idempotency_key)
  SELECT $1, $2::int + e.ord::int, e.value->>'type', (e.value->>'schemaVersion')::int, e.value->'data', $4::jsonb,
         $5::uuid, $6::uuid, CASE WHEN e.ord = 1 THEN $7::text END
  FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(value, ord)
  ORDER BY e.ord
  ON CONFLICT DO NOTHING
  RETURNING ${COLUMNS.replace(' data,', '')}, ${PROJECTOR_HANDOVER} AS handed_over`;

/** Where an asynchronous consumer has read up to; the start is { transactionId: '0', position: 0 }. */
export interface LogCheckpoint {
  transactionId: string;
  position: number;
}

export const LOG_START: LogCheckpoint = { transactionId: '0', position: 0 };

export interface AppendResult {
  events: RecordedEvent[];
  /** The stream's version after the append. */
  version: number;
}

export interface IdempotentHit {
  streamId: string;
  streamVersion: number;
  metadata: RecordedEvent['metadata'];
  /** The version each stream reached in the append that carried the key. */
  versions: Record<string, number>;
}

/** One stream's part of an append over several streams. */
export interface StreamAppend {
  streamId: string;
  expectedVersion: number;
  events: readonly NewEvent[];
  /** The program these events belong to, when it differs from the append's. */
  programId?: string | null;
}

/**
 * The event store over plan_change_events (design.md section 2). Appends are optimistic:
 * the caller names the version it read; a moved stream is a ConcurrencyConflict.
 */
export class EventStore {
  /** Called after each transaction that appended has committed (see onCommitted). */
  private readonly committedListeners = new Set<() => void>();
  /** Transactions whose commit already has the listeners' callback: one wake-up per transaction. */
  private readonly hooked = new WeakSet<SqlExecutor>();

  constructor(
    private readonly sql: Sql,
    private readonly projectInline: InlineProjector = async () => undefined,
  ) {}

  /**
   * Calls fn after every transaction that appended events through this store has committed:
   * once per transaction, however many appends it held, and never when it rolls back. An append
   * inside a caller's transaction (`tx`: a command's, the reactor's turn) is followed when THAT
   * transaction commits. fn runs synchronously right after the COMMIT: it should only schedule
   * work (a wake-up). Returns the function that removes it.
   *
   * Only transactions from Sql.transaction can say when they commit (SqlExecutor.afterCommit);
   * an append in any other executor, or a row written to the log by another program (psql),
   * calls nothing: the consumers see it at their next poll.
   */
  onCommitted(fn: () => void): () => void {
    this.committedListeners.add(fn);
    return () => this.committedListeners.delete(fn);
  }

  private callAfterCommit(tx: SqlExecutor): void {
    if (this.committedListeners.size === 0 || !tx.afterCommit || this.hooked.has(tx)) return;
    this.hooked.add(tx);
    tx.afterCommit(() => {
      for (const listener of this.committedListeners) listener();
    });
  }

  /**
   * A stream's events in order. `omitDataKeys` leaves top-level keys of `data` out (a decider
   * that never reads a program's bundle need not fetch it); `toVersion` stops at that version
   * (the state an idempotent request first answered with). With `userId` the read runs as that
   * user (row-level security): someone else's stream reads as empty. With `tx` it runs in that
   * transaction (one from transactionFor, so already scoped).
   */
  async readStream(
    streamId: string,
    options: { omitDataKeys?: readonly string[]; toVersion?: number; userId?: string; tx?: SqlExecutor } = {},
  ): Promise<RecordedEvent[]> {
    const omit = options.omitDataKeys ?? [];
    const params: unknown[] = [streamId];
    const columns = omit.length ? COLUMNS.replace(' data,', ` data - $${params.push(omit)}::text[] AS data,`) : COLUMNS;
    const upTo = options.toVersion === undefined ? '' : ` AND stream_version <= $${params.push(options.toVersion)}`;
    const executor = options.tx ?? (options.userId ? this.sql.asUser(options.userId) : this.sql);
    const { rows } = await executor.query<EventRow>(
      `SELECT ${columns} FROM plan_change_events WHERE stream_id = $1${upTo} ORDER BY stream_version`,
      params,
    );
    return rows.map(toRecorded);
  }

  /**
   * Runs fn in one transaction as the API role for userId (row-level security): a command reads,
   * decides and appends in it, so its scope costs no round trip of its own.
   */
  transactionFor<T>(userId: string, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.sql.transaction(fn, { role: 'api', userId });
  }

  /**
   * The first event appended with this key by this user, if any (in tx when given), with the
   * version each stream reached in that append (from its metadata; an event written before it
   * was recorded stood alone in its append).
   */
  async findIdempotent(userId: string, idempotencyKey: string, tx?: SqlExecutor): Promise<IdempotentHit | null> {
    const { rows } = await (tx ?? this.sql.asUser(userId)).query<{ stream_id: string; stream_version: number; metadata: IdempotentHit['metadata'] }>(
      `SELECT stream_id, stream_version, metadata FROM plan_change_events
       WHERE user_id = $1 AND idempotency_key = $2`,
      [userId, idempotencyKey],
    );
    const row = rows[0];
    if (!row) return null;
    const metadata = row.metadata ?? {};
    const versions = (metadata.versions as Record<string, number> | undefined) ?? { [row.stream_id]: row.stream_version };
    return { streamId: row.stream_id, streamVersion: row.stream_version, metadata, versions };
  }

  /**
   * Appends events at expectedVersion + 1 ... and runs the inline projections, all in one
   * transaction: both commit or neither does. The append runs as the API role for
   * options.userId (the log's policies refuse an event for anyone else), the projections as the
   * projector role, which writes read models and cannot touch the log. With `tx` (from
   * transactionFor, for the same user) it runs in that transaction, which it leaves in the
   * projector role; a ConcurrencyConflict must then roll that transaction back.
   */
  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    options: AppendOptions,
    tx?: SqlExecutor,
  ): Promise<AppendResult> {
    const [result] = await this.appendAll([{ streamId, expectedVersion, events, programId: options.programId }], options, tx);
    return result;
  }

  /**
   * Appends to several streams, each at its expected version, and runs the inline projections,
   * all in one transaction: every batch commits or none does (a command that changes two
   * aggregates, like completing a consultation and storing its program, is one step). The
   * idempotency key goes on the first event appended; with a key, the metadata records the
   * version each stream reaches, so a retry can answer with the state as of this append. Runs in
   * tx when given (a command's scoped transaction), else in a transaction of its own as the API
   * role for options.userId.
   */
  async appendAll(batches: readonly StreamAppend[], options: AppendOptions, tx?: SqlExecutor): Promise<AppendResult[]> {
    const filled = batches.filter((batch) => batch.events.length > 0);
    if (filled.length === 0) return batches.map((batch) => ({ events: [], version: batch.expectedVersion }));
    const key = options.idempotencyKey ?? null;
    const versions = Object.fromEntries(filled.map((b) => [b.streamId, b.expectedVersion + b.events.length]));
    const metadata = JSON.stringify(key === null ? options.metadata ?? {} : { ...options.metadata, versions });
    const run = async (tx: SqlExecutor): Promise<AppendResult[]> => {
      const results: AppendResult[] = [];
      for (const batch of batches) {
        const { streamId, expectedVersion, events } = batch;
        if (events.length === 0) {
          results.push({ events: [], version: expectedVersion });
          continue;
        }
        // Each append hands the transaction to the projector role (PROJECTOR_HANDOVER); the
        // next stream's append goes back to the API role first.
        if (batch !== filled[0]) await tx.exec(scopeStatement({ role: 'api', userId: options.userId }));
        const { rows } = await tx.query<EventRow>(APPEND_SQL, [
          streamId,
          expectedVersion,
          JSON.stringify(events.map((event) => ({ type: event.type, schemaVersion: event.schemaVersion ?? 1, data: event.data ?? null }))),
          metadata,
          options.userId,
          (batch.programId === undefined ? options.programId : batch.programId) ?? null,
          batch === filled[0] ? key : null,
        ]);
        // A short count means another writer got there first; throwing rolls back every batch.
        if (rows.length !== events.length) throw new ConcurrencyConflict(streamId, expectedVersion);
        // data is not sent back (a program bundle is hundreds of kB): the events keep their own.
        const recorded = rows
          .map((row) => toRecorded({ ...row, data: events[row.stream_version - expectedVersion - 1].data }))
          .sort((a, b) => a.streamVersion - b.streamVersion);
        await this.projectInline(recorded, tx);
        this.callAfterCommit(tx);
        results.push({ events: recorded, version: expectedVersion + events.length });
      }
      return results;
    };
    return tx ? run(tx) : this.transactionFor(options.userId, run);
  }

  /**
   * The next committed events after a checkpoint, for asynchronous consumers, that no in-flight
   * transaction can still precede. Identity values are handed out before commit, so a plain
   * `global_position > checkpoint` would skip an event whose slow transaction commits after a
   * later one. Instead read only transactions older than the oldest one still running
   * (pg_snapshot_xmin), in (transaction_id, global_position) order, and checkpoint that pair:
   * any transaction that commits later has a larger id than every checkpoint taken before.
   */
  async readAllSafe(
    after: LogCheckpoint,
    limit: number,
    options: {
      withData?: boolean;
      /** Fetch data only for these event types (others read as null): a tailer that needs a few. */
      dataFor?: readonly string[];
      /** Top-level keys of data left out (a program's bundle). */
      omitDataKeys?: readonly string[];
      /** Run in this transaction (a consumer that locks its checkpoint in it). */
      tx?: SqlExecutor;
    } = {},
  ): Promise<Array<RecordedEvent & { transactionId: string }>> {
    const params: unknown[] = [after.transactionId, after.position, limit];
    let data = options.omitDataKeys?.length ? `data - $${params.push(options.omitDataKeys)}::text[]` : 'data';
    if (options.dataFor) data = `CASE WHEN event_type = ANY($${params.push(options.dataFor)}::text[]) THEN ${data} ELSE 'null'::jsonb END`;
    // A consumer that only needs to know what happened need not fetch a program's bundle.
    if (options.withData === false && !options.dataFor) data = `'null'::jsonb`;
    const columns = COLUMNS.replace(' data,', ` ${data} AS data,`);
    const { rows } = await (options.tx ?? this.sql).query<EventRow & { transaction_id: string }>(
      `SELECT ${columns}, transaction_id::text AS transaction_id FROM plan_change_events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, global_position LIMIT $3`,
      params,
    );
    return rows.map((row) => ({ ...toRecorded(row), transactionId: row.transaction_id }));
  }

  /**
   * A checkpoint at the current end of the log for a consumer that wants only new events: the
   * last event of the transactions that can no longer be preceded (see readAllSafe).
   */
  async safeHead(): Promise<LogCheckpoint> {
    const { rows } = await this.sql.query<{ transaction_id: string; global_position: number }>(
      `SELECT transaction_id::text AS transaction_id, global_position FROM plan_change_events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? { transactionId: row.transaction_id, position: row.global_position } : LOG_START;
  }

  /** Every committed event in global order, for rebuilds (which hold their own transaction). */
  async readAll(afterPosition: number, limit: number, executor: SqlExecutor = this.sql): Promise<RecordedEvent[]> {
    const { rows } = await executor.query<EventRow>(
      `SELECT ${COLUMNS} FROM plan_change_events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [afterPosition, limit],
    );
    return rows.map(toRecorded);
  }

  async lastPosition(): Promise<number> {
    const { rows } = await this.sql.query<{ position: number | null }>(
      'SELECT max(global_position) AS position FROM plan_change_events',
    );
    return rows[0]?.position ?? 0;
  }
}
