/**
 * How long a wake-up waits before polling: the notifications of a burst of commits (one per
 * transaction) fold into one poll instead of one each.
 */
export const WAKE_DEBOUNCE_MS = 5;

/**
 * A wake-up whose poll found nothing is looked at again after 10, 20, 40, 80 and 160 ms: the
 * commit that woke us is not safe to read while an older transaction is still open (readAllSafe
 * reads below the oldest running one), and that transaction may not wake us when it ends (it
 * need not append, or may run in another database on a shared server). Without these few looks
 * the event would wait for the next interval (a second with wake-ups on).
 */
export const WAKE_RETRY_MS = 10;
export const WAKE_RETRIES = 5;

/**
 * Runs `step` on a timer, one at a time, and sooner when woken. The delay after each step comes
 * from `delayMs` (the owner's interval, longer while it backs off after failures); a wake-up
 * during a step runs another step right after it, so a commit that lands while a step reads is
 * never left for the next interval. While the owner backs off (`backingOff`), wake-ups are
 * ignored: the database is away and the back-off decides.
 */
export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private running: Promise<void> | null = null;
  private woken = false;
  private stopped = true;
  /** Looks left after a wake-up whose polls found nothing (see WAKE_RETRY_MS). */
  private retries = 0;

  /** step returns how many events it found (0: nothing to read yet). */
  constructor(
    private readonly step: () => Promise<number>,
    private readonly delayMs: () => number,
    private readonly backingOff: () => boolean = () => false,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.delayMs());
  }

  /** Milliseconds until the next scheduled step (Infinity while one runs or when stopped). */
  get dueInMs(): number {
    return this.dueAt - Date.now();
  }

  /** Poll now (after WAKE_DEBOUNCE_MS), or right after the step under way. */
  wake(): void {
    if (this.stopped || this.backingOff()) return;
    this.retries = WAKE_RETRIES;
    if (this.running) {
      this.woken = true;
      return;
    }
    this.schedule(WAKE_DEBOUNCE_MS);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    const at = Date.now() + delay;
    // A poll already due sooner stays: a stream of wake-ups must not keep pushing it back.
    if (this.timer && this.dueAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.dueAt = Infinity;
      this.woken = false;
      this.running = this.step()
        .then((found) => found, () => -1)
        .then((found) => {
          this.running = null;
          if (found !== 0 || this.backingOff()) this.retries = 0;
          if (this.woken && !this.backingOff()) return this.schedule(WAKE_DEBOUNCE_MS);
          if (this.retries > 0) {
            const delay = WAKE_RETRY_MS * 2 ** (WAKE_RETRIES - this.retries);
            this.retries--;
            return this.schedule(delay);
          }
          this.schedule(this.delayMs());
        });
    }, delay);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
