/**
 * How long a wake-up waits before polling: the notifications of a burst of commits (one per
 * transaction) fold into one poll instead of one each.
 */
export const WAKE_DEBOUNCE_MS = 5;

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

  constructor(
    private readonly step: () => Promise<unknown>,
    private readonly delayMs: () => number,
    private readonly backingOff: () => boolean = () => false,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.delayMs());
  }

  /** Poll now (after WAKE_DEBOUNCE_MS), or right after the step under way. */
  wake(): void {
    if (this.stopped || this.backingOff()) return;
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
        .then(() => undefined, () => undefined)
        .finally(() => {
          this.running = null;
          this.schedule(this.woken && !this.backingOff() ? WAKE_DEBOUNCE_MS : this.delayMs());
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
