import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Sql } from '../db/sql';
import { EventStore } from '../eventStore/eventStore';
import { WAKE_DEBOUNCE_MS } from './pollLoop';

/** The channel the processes that write the log notify after their commits, and LISTEN on. */
export const LOG_CHANNEL = 'plan_change_events';

/**
 * The NOTIFY, in a transaction of its own. NOTIFY gives that transaction an id, so its COMMIT
 * would wait for a WAL flush (while holding the notify lock); a wake-up need not survive a crash
 * (PostgreSQL drops queued notifications on a restart anyway), so its commit is asynchronous:
 * set_config(..., true) lasts until that commit, which reads it. Listeners get it at commit as before.
 */
const NOTIFY_SQL = `SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)`;

/**
 * The least time between two NOTIFYs of one process. A receiver folds the wake-ups of
 * WAKE_DEBOUNCE_MS into one poll anyway, so NOTIFYs closer together buy nothing, and each costs
 * a transaction: without a gap, 8 busy clients sent one for every second commit. The first commit
 * after a quiet spell still notifies at once; under load the others hear at most this much later.
 */
export const NOTIFY_MIN_GAP_MS = WAKE_DEBOUNCE_MS;

/**
 * Wake-ups for the consumers that follow the log (the live tailer, the notification reactor), so
 * that each polls at once instead of at its next interval. Only a hint: the consumers keep
 * polling, so a lost wake-up delays, never loses.
 *
 * Where they come from: the event store's after-commit hook (EventStore.onCommitted), in the
 * process that wrote. A commit wakes this process's own consumers directly (no round trip) and,
 * on PostgreSQL, sends `pg_notify` for the other processes, each of which LISTENs on one
 * connection of its own. The NOTIFY goes out after the commit, in a statement of its own, and
 * coalesced: at most one is in flight per process, at least NOTIFY_MIN_GAP_MS apart, and commits
 * that land meanwhile ask for one more after it (each commit is thus followed by a NOTIFY sent
 * after it). A NOTIFY inside the appending transaction (a trigger, which the first version
 * used) takes PostgreSQL's global notify lock at commit and holds it through the commit's WAL
 * flush, so every appending transaction queued on it (bench/README.md, BENCH_WAKEUPS).
 *
 * What it cannot see: a row written to the log by something other than this code's event store
 * (psql, another program) notifies nobody; the consumers find it at their next poll.
 *
 * PGlite is one process: every commit is this process's own, so only the local wake-up is needed.
 */
export class LogWakeups {
  private readonly listeners = new Set<() => void>();
  /** The payload of this process's NOTIFYs: its LISTEN skips them (it woke its consumers already). */
  private readonly sender = randomUUID();
  /** The NOTIFY under way, or waiting for its gap: commits meanwhile ask for one more after it. */
  private notifying: Promise<void> | null = null;
  private lastSentAt = -Infinity;
  private notifyAgain = false;
  private stopped = false;
  private unlisten: () => Promise<void> = async () => undefined;
  private detach: () => void = () => undefined;
  /** NOTIFY statements this process has sent (tests and the bench read it). */
  notifiesSent = 0;
  /** NOTIFYs heard on the channel, this process's own included (which wake nobody). */
  notificationsHeard = 0;

  private constructor(private readonly sql: Sql, private readonly logger: Logger, private readonly minGapMs: number) {}

  /**
   * Follows store's commits; on PostgreSQL also LISTENs for the other processes' commits (on a
   * connection of its own, which reconnects when lost and then wakes the consumers once).
   */
  static async start(sql: Sql, store: EventStore, logger: Logger, options: { minGapMs?: number } = {}): Promise<LogWakeups> {
    const wakeups = new LogWakeups(sql, logger, options.minGapMs ?? NOTIFY_MIN_GAP_MS);
    if (sql.kind === 'postgres') {
      wakeups.unlisten = await sql.listen(
        LOG_CHANNEL,
        (payload) => {
          wakeups.notificationsHeard++;
          if (payload !== wakeups.sender) wakeups.fire();
        },
        (error) => logger.warn({ err: error }, 'log wake-up connection lost; reconnecting'),
      );
    }
    wakeups.detach = store.onCommitted(() => wakeups.committed());
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

  /** A transaction that appended has committed in this process: wake here, then tell the others. */
  committed(): void {
    if (this.stopped) return;
    this.fire();
    if (this.sql.kind === 'postgres') this.notifyOthers();
  }

  private notifyOthers(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    const send = async (): Promise<void> => {
      if (this.stopped) return;
      this.notifyAgain = false; // the commits so far are covered by this NOTIFY
      this.notifiesSent++;
      this.lastSentAt = Date.now();
      await this.sql.query(NOTIFY_SQL, [LOG_CHANNEL, this.sender]).catch((error) => {
        if (!this.stopped) this.logger.warn({ err: error }, 'log wake-up NOTIFY failed; the others poll');
      });
    };
    const wait = this.lastSentAt + this.minGapMs - Date.now();
    this.notifying = (wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)).then(send) : send()).finally(() => {
      this.notifying = null;
      if (this.notifyAgain && !this.stopped) this.notifyOthers();
    });
  }

  /** Resolves when no NOTIFY is under way or asked for (tests, the bench). */
  async settled(): Promise<void> {
    while (this.notifying) await this.notifying;
  }

  /** Stops following commits and listening; waits for a NOTIFY under way (before the pool closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.detach();
    this.listeners.clear();
    await this.settled();
    await this.unlisten();
  }
}
