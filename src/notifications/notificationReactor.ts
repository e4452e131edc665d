import type { Logger } from 'pino';
import { Sql, SqlExecutor, scopeStatement } from '../core/db/sql';
import { EventStore, LOG_START, LogCheckpoint, StreamAppend } from '../core/eventStore/eventStore';
import { RecordedEvent } from '../core/eventStore/types';
import { MAX_RETRY_DELAY_MS } from '../core/projections/logTailer';
import { PollLoop } from '../core/projections/pollLoop';
import type { NotificationData } from '../adjustments/contracts';
import type { Clock, Services } from '../services';
import type { Config } from '../config';
import { NOTIFICATION_CREATED, notificationStream } from './notification';
import { NOTIFICATION_SOURCES, NotificationSource, notificationsFor } from './notificationSources';

/** The reactor's row in projection_checkpoints. */
export const NOTIFICATION_REACTOR = 'notification-reactor';
/** Source events read per transaction: a turn holds the checkpoint's lock (and PGlite) that long. */
export const REACTOR_BATCH_SIZE = 200;
/** Another process held the checkpoint: look again this soon, in case it had read before our event committed. */
export const LOCKED_RETRY_MS = 50;

export interface ReactorOptions {
  store: EventStore;
  sql: Sql;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
  sources?: readonly NotificationSource[];
  name?: string;
}

/** What one turn did. */
export type TurnResult =
  | { outcome: 'locked' }
  | { outcome: 'done'; events: number; created: number };

/**
 * The durable consumer that turns source events into notifications (NotificationCreated, one
 * stream each). It reads the log gap-safe from its checkpoint in projection_checkpoints; a turn
 * locks the checkpoint row (SKIP LOCKED: when another process holds it, this one skips the turn),
 * reads a batch, appends the batch's notifications as their owners and moves the checkpoint, all
 * in one transaction. A crash or a restart therefore neither loses nor repeats a notification,
 * and any number of processes may run one: they take turns. The ids are derived from the source
 * event, so even an attempt the lock did not stop would lose the append race, not duplicate.
 */
export class NotificationReactor {
  /** Where the log was last seen to end for this consumer: a poll with nothing after it costs one read. */
  private known: LogCheckpoint = LOG_START;
  private failures = 0;
  private lockedLastTurn = false;
  /** Events read by this reactor's turns so far (what tells the poll loop a turn found something). */
  private eventsRead = 0;
  private readonly sources: readonly NotificationSource[];
  private readonly loop: PollLoop;
  private readonly name: string;

  constructor(private readonly options: ReactorOptions) {
    this.sources = options.sources ?? NOTIFICATION_SOURCES;
    this.name = options.name ?? NOTIFICATION_REACTOR;
    this.loop = new PollLoop(async () => {
      const before = this.eventsRead;
      await this.drain();
      return this.eventsRead - before;
    }, () => this.nextDelayMs, () => this.failures > 0);
  }

  start(): void {
    this.loop.start();
  }

  /** New events were committed: take a turn now. */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  get nextDelayMs(): number {
    const interval = this.options.intervalMs ?? 1000;
    if (this.failures > 0) return Math.min(interval * 2 ** this.failures, Math.max(interval, MAX_RETRY_DELAY_MS));
    return this.lockedLastTurn ? Math.min(LOCKED_RETRY_MS, interval) : interval;
  }

  /**
   * Turns until the log is read to its safe end (or another process holds the checkpoint).
   * Failures are logged and retried with back-off, from the checkpoint: nothing is skipped.
   */
  async drain(): Promise<number> {
    let created = 0;
    try {
      if (!(await this.anythingNew())) {
        this.failures = 0;
        this.lockedLastTurn = false;
        return 0;
      }
      for (;;) {
        const turn = await this.turn();
        this.failures = 0;
        this.lockedLastTurn = turn.outcome === 'locked';
        if (turn.outcome === 'locked') return created;
        created += turn.created;
        this.eventsRead += turn.events;
        if (turn.events < (this.options.batchSize ?? REACTOR_BATCH_SIZE)) return created;
      }
    } catch (error) {
      this.failures = Math.min(this.failures + 1, 30);
      this.options.logger.warn({ err: error, reactor: this.name }, 'notification reactor turn failed; retrying');
      return created;
    }
  }

  private async anythingNew(): Promise<boolean> {
    return (await this.options.store.readAllSafe(this.known, 1, { withData: false })).length > 0;
  }

  /** One batch, in one transaction: lock the checkpoint, read, append the notifications, move the checkpoint. */
  async turn(): Promise<TurnResult> {
    const batchSize = this.options.batchSize ?? REACTOR_BATCH_SIZE;
    const result = await this.options.sql.transaction(async (tx): Promise<TurnResult & { checkpoint?: LogCheckpoint }> => {
      const checkpoint = await this.lockCheckpoint(tx);
      if (!checkpoint) return { outcome: 'locked' };
      const batch = await this.options.store.readAllSafe(checkpoint, batchSize, {
        tx,
        dataFor: this.sources.map((s) => s.eventType),
        omitDataKeys: [...new Set(this.sources.flatMap((s) => s.omitDataKeys ?? []))],
      });
      if (batch.length === 0) return { outcome: 'done', events: 0, created: 0, checkpoint };
      const notifications = await this.notificationsOf(batch, tx);
      const created = await this.append(notifications, tx);
      const last = batch[batch.length - 1];
      const next = { transactionId: last.transactionId, position: last.globalPosition };
      await tx.exec(scopeStatement({ role: 'projector' }));
      await tx.query(
        `UPDATE projection_checkpoints SET transaction_id = $2::xid8, position = $3, updated_at = now() WHERE name = $1`,
        [this.name, next.transactionId, next.position],
      );
      return { outcome: 'done', events: batch.length, created, checkpoint: next };
    });
    if (result.outcome === 'done' && result.checkpoint) this.known = result.checkpoint;
    return result.outcome === 'locked' ? result : { outcome: 'done', events: result.events, created: result.created };
  }

  /**
   * The checkpoint, locked for this transaction; null when another transaction holds it.
   *
   * Migration 0013 creates the row at the log's safe head when it is deployed, so the history
   * before the deployment is not notified. A missing row means someone took it away: emptied
   * with the log (the tests' resetData), or deleted on purpose to notify the log again. Then the
   * turn creates it at the start of the log, not at the head: starting at the head would silently
   * skip whatever was appended between the deletion and this turn, while starting at the start
   * repeats nothing (a notification whose stream exists is not made again, see append) and
   * only makes those that were never made.
   */
  private async lockCheckpoint(tx: SqlExecutor): Promise<LogCheckpoint | null> {
    const { rows } = await tx.query<{ transaction_id: string; position: number }>(
      `SELECT transaction_id::text AS transaction_id, position FROM projection_checkpoints WHERE name = $1 FOR UPDATE SKIP LOCKED`,
      [this.name],
    );
    if (rows[0]) return { transactionId: rows[0].transaction_id, position: rows[0].position };
    const inserted = await tx.query(
      `INSERT INTO projection_checkpoints (name, transaction_id, position) VALUES ($1, '0', 0) ON CONFLICT DO NOTHING`,
      [this.name],
    );
    return inserted.rowCount === 1 ? LOG_START : null;
  }

  private async notificationsOf(batch: readonly RecordedEvent[], tx: SqlExecutor): Promise<NotificationData[]> {
    const now = this.options.clock.now().toISOString();
    const lookups = new Map<number, unknown>();
    for (const source of this.sources) {
      const events = batch.filter((event) => event.type === source.eventType);
      if (events.length === 0 || !source.lookup) continue;
      for (const [position, found] of await source.lookup(events, tx)) lookups.set(position, found);
    }
    return batch.flatMap((event) => notificationsFor(event, lookups.get(event.globalPosition), now, this.sources));
  }

  /**
   * Appends each notification to its own stream at version 0, as its owner (row-level security:
   * the transaction is re-scoped per user). A stream that already exists (a checkpoint set back
   * by hand) is left as it is: that notification was made.
   */
  private async append(notifications: readonly NotificationData[], tx: SqlExecutor): Promise<number> {
    if (notifications.length === 0) return 0;
    const { rows } = await tx.query<{ stream_id: string }>(
      `SELECT stream_id FROM plan_change_events WHERE stream_id = ANY($1::text[]) AND stream_version = 1`,
      [notifications.map((n) => notificationStream(n.notificationId))],
    );
    const existing = new Set(rows.map((row) => row.stream_id));
    const byUser = new Map<string, StreamAppend[]>();
    for (const notification of notifications) {
      const streamId = notificationStream(notification.notificationId);
      if (existing.has(streamId)) continue;
      existing.add(streamId);
      const batches = byUser.get(notification.userId) ?? [];
      batches.push({ streamId, expectedVersion: 0, events: [{ type: NOTIFICATION_CREATED, data: notification }] });
      byUser.set(notification.userId, batches);
    }
    let created = 0;
    for (const [userId, batches] of byUser) {
      await tx.exec(scopeStatement({ role: 'api', userId }));
      await this.options.store.appendAll(batches, { userId, metadata: { actor: this.name } }, tx);
      created += batches.length;
    }
    return created;
  }
}

/** This process's reactor, started (npm start and npm run worker run one each; they take turns). */
export function startNotificationReactor(services: Services, logger: Logger, config: Pick<Config, 'log'>): NotificationReactor {
  const reactor = new NotificationReactor({
    store: services.store, sql: services.db.sql, clock: services.clock, logger, intervalMs: config.log.pollIntervalMs,
  });
  reactor.start();
  return reactor;
}
