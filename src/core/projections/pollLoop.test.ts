import { PollLoop, WAKE_RETRIES } from './pollLoop';
import { waitUntil } from '../testing/waitUntil';

/** The poll loop's wake-up retries: a woken poll that finds nothing yet looks again soon, a few times. */

const until = (what: string, condition: () => boolean) => waitUntil(what, condition, 5_000, 2);

describe('PollLoop', () => {
  it('looks again soon after a wake-up whose poll found nothing, until it finds something', async () => {
    let calls = 0;
    let found = 0;
    // Nothing safe to read on the first two looks after the wake-up; the third finds the event.
    const loop = new PollLoop(async () => {
      calls++;
      if (calls < 3) return 0;
      found++;
      return 1;
    }, () => 60_000);
    loop.start();
    loop.wake();
    await until('the event is found long before the 60 s interval', () => found === 1);
    expect(calls).toBe(3);
    await loop.stop();
  });

  it('gives up after its few looks and waits for the interval', async () => {
    let calls = 0;
    const loop = new PollLoop(async () => {
      calls++;
      return 0;
    }, () => 60_000);
    loop.start();
    loop.wake();
    await until('the looks are spent and the next step is scheduled', () => calls === 1 + WAKE_RETRIES && loop.dueInMs < Infinity);
    // Every look is spent (10+20+40+80+160 ms): the next one is the 60 s interval's.
    expect(loop.dueInMs).toBeGreaterThan(50_000);
    expect(calls).toBe(1 + WAKE_RETRIES);
    await loop.stop();
  });
});
