import { EventStore, LOG_START, LogCheckpoint } from '../eventStore/eventStore';
import { RecordedEvent } from '../eventStore/types';

export interface LogTailerOptions {
  intervalMs?: number;
  batchSize?: number;
  /** Called in log order; a throw is reported to onError and the batch is retried. */
  onEvents(events: RecordedEvent[]): Promise<void> | void;
  /** False when the consumer never reads event data (it is then not fetched). */
  withData?: boolean;
  onError?(error: unknown): void;
}

/**
 * An asynchronous consumer that follows the log from where it is now, gap-safe (readAllSafe).
 * Every replica runs its own, so live notifications need no broker between replicas: the log
 * is the bus. The checkpoint lives in memory: live pushes are not replayed after a restart.
 */
export class LogTailer {
  private timer: NodeJS.Timeout | null = null;
  private checkpoint: LogCheckpoint | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly store: EventStore, private readonly options: LogTailerOptions) {}

  async start(): Promise<void> {
    this.checkpoint = await this.store.safeHead();
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.poll().then(() => undefined).finally(() => {
        this.running = null;
        if (this.timer) this.schedule();
      });
    }, this.options.intervalMs ?? 200);
    this.timer.unref();
  }

  /** Reads and delivers everything available now; returns how many events were delivered. */
  async poll(): Promise<number> {
    let delivered = 0;
    try {
      for (;;) {
        const batch = await this.store.readAllSafe(this.checkpoint ?? LOG_START, this.options.batchSize ?? 500, {
          withData: this.options.withData,
        });
        if (batch.length === 0) return delivered;
        await this.options.onEvents(batch);
        const last = batch[batch.length - 1];
        this.checkpoint = { transactionId: last.transactionId, position: last.globalPosition };
        delivered += batch.length;
      }
    } catch (error) {
      this.options.onError?.(error);
      return delivered;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
