import type { Logger } from 'pino';
import { Sql } from '../db/sql';

/** The channel migration 0013's trigger notifies after every append to the log. */
export const LOG_CHANNEL = 'plan_change_events';

/**
 * One LISTEN per process on the log's channel, fanned out to the consumers that follow the log
 * (the live tailer, the notification reactor): each polls at once instead of at its next
 * interval. Only a hint: the consumers keep polling, so a lost notification delays, never loses.
 */
export class LogWakeups {
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly unlisten: () => Promise<void>) {}

  static async start(sql: Sql, logger: Logger): Promise<LogWakeups> {
    let wakeups: LogWakeups | null = null;
    const unlisten = await sql.listen(LOG_CHANNEL, () => wakeups?.fire(), (error) => logger.warn({ err: error }, 'log wake-up connection lost; reconnecting'));
    wakeups = new LogWakeups(unlisten);
    return wakeups;
  }

  /** Calls fn on each wake-up; returns the function that stops it. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  fire(): void {
    for (const listener of this.listeners) listener();
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    await this.unlisten();
  }
}
