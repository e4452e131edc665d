import { EventStore, LOG_START, LogCheckpoint } from '../eventStore/eventStore';
import { RecordedEvent } from '../eventStore/types';
import { PollLoop } from './pollLoop';

/**
 * The longest wait between polls while the log cannot be read (a database restart or failover):
 * long enough not to flood the log with one warning per 200 ms, short enough that live pushes
 * resume within seconds of the database's return.
 */
export const MAX_RETRY_DELAY_MS = 5_000;

export interface LogTailerOptions {
  intervalMs?: number;
  batchSize?: number;
  /** Called in log order; a throw is reported to onError and the batch is retried. */
  onEvents(events: RecordedEvent[]): Promise<void> | void;
  /** False when the consumer never reads event data (it is then not fetched). */
  withData?: boolean;
  /** Fetch data only for events of these types (others carry null). */
  dataFor?: readonly string[];
  /** Top-level keys of data never fetched (a plan change's diff: the consumer reads its explanation). */
  omitDataKeys?: readonly string[];
  onError?(error: unknown): void;
}

/**
 * An asynchronous consumer that follows the log from where it is now, gap-safe (readAllSafe).
 * Every replica runs its own, so live notifications need no broker between replicas: the log
 * is the bus. The checkpoint lives in memory: live pushes are not replayed after a restart.
 */
export class LogTailer {
  private checkpoint: LogCheckpoint | null = null;
  /** The poll under way (or the last one): polls run one after another. */
  private polling: Promise<number> = Promise.resolve(0);
  /** Failed polls in a row: each doubles the wait before the next one, up to MAX_RETRY_DELAY_MS. */
  private failures = 0;
  private readonly loop = new PollLoop(() => this.poll(), () => this.nextDelayMs, () => this.failures > 0);

  constructor(private readonly store: EventStore, private readonly options: LogTailerOptions) {}

  async start(): Promise<void> {
    this.checkpoint = await this.store.safeHead();
    this.loop.start();
  }

  /** New events were committed (a LISTEN wake-up): poll now rather than at the next interval. */
  wake(): void {
    this.loop.wake();
  }

  /** The wait before the next poll: the interval, doubled per failed poll in a row, capped. */
  get nextDelayMs(): number {
    const interval = this.options.intervalMs ?? 200;
    return Math.min(interval * 2 ** this.failures, Math.max(interval, MAX_RETRY_DELAY_MS));
  }

  /**
   * Reads and delivers everything available now; returns how many events were delivered. A
   * failure (the database away) is reported and leaves the checkpoint where it was: the next
   * poll resumes there, so nothing is skipped or delivered twice. Calls are serialised: two
   * polls from one checkpoint at once would deliver the same events twice.
   */
  poll(): Promise<number> {
    this.polling = this.polling.catch(() => 0).then(() => this.pollOnce());
    return this.polling;
  }

  private async pollOnce(): Promise<number> {
    let delivered = 0;
    try {
      for (;;) {
        const batch = await this.store.readAllSafe(this.checkpoint ?? LOG_START, this.options.batchSize ?? 500, {
          withData: this.options.withData,
          dataFor: this.options.dataFor,
          omitDataKeys: this.options.omitDataKeys,
        });
        if (batch.length === 0) {
          this.failures = 0;
          return delivered;
        }
        await this.options.onEvents(batch);
        const last = batch[batch.length - 1];
        this.checkpoint = { transactionId: last.transactionId, position: last.globalPosition };
        delivered += batch.length;
      }
    } catch (error) {
      this.failures = Math.min(this.failures + 1, 30); // 2 ** 30 is past any cap
      this.options.onError?.(error);
      return delivered;
    }
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.polling.catch(() => 0);
  }
}
