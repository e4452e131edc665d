import { Client } from 'graphql-ws';
import { proposeOverride, userWithProgram } from '../../src/notifications/notification.fixtures';
import { startTestServer, TestServer } from '../support/testServer';

let t: TestServer;
beforeAll(async () => {
  // The server's own reactor makes the notifications, woken by the log's commits.
  t = await startTestServer({ RUN_NOTIFICATION_REACTOR: 'true' });
});
afterAll(async () => t?.stop());

const SUBSCRIBE = 'subscription { notificationAdded { id kind title body read overrideId date programId } }';

interface Pushed { id: string; kind: string; overrideId: string | null; date: string | null }

/** A live subscription that records what it receives, and waits for a condition on it. */
function subscribe(client: Client): { seen: Pushed[]; arrives(what: (p: Pushed) => boolean, ms: number): Promise<boolean>; stop(): void } {
  const seen: Pushed[] = [];
  let wake: () => void = () => undefined;
  const stop = client.subscribe<{ notificationAdded: Pushed }>({ query: SUBSCRIBE }, {
    next: (value) => {
      if (value.errors) throw new Error(JSON.stringify(value.errors));
      seen.push(value.data!.notificationAdded);
      wake();
    },
    error: (error) => {
      throw error;
    },
    complete: () => undefined,
  });
  const arrives = (what: (p: Pushed) => boolean, ms: number) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(seen.some(what)), ms);
      wake = () => {
        if (seen.some(what)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      wake();
    });
  return { seen, arrives, stop };
}

describe('notificationAdded over WebSocket (graphql-ws)', () => {
  it('delivers each new notification to its owner only, after its commit', async () => {
    const alice = await userWithProgram(t.services);
    const bob = await userWithProgram(t.services);
    const aliceSub = subscribe(t.ws({ Authorization: `Bearer ${await t.token(alice.userId)}` }));
    const bobSub = subscribe(t.ws({ Authorization: `Bearer ${await t.token(bob.userId)}` }));
    let day = 1;
    const propose = async (who: { userId: string; programId: string }) =>
      (await proposeOverride(t.services.store, who.userId, who.programId, `2026-04-${String(day++).padStart(2, '0')}`, 'pending')).overrideId;

    // Each subscription is live once one of its owner's notifications arrives (no guess at how long that takes).
    for (const [who, sub] of [[alice, aliceSub], [bob, bobSub]] as const) {
      let live = false;
      for (let attempt = 0; attempt < 15 && !live; attempt++) {
        const overrideId = await propose(who);
        live = await sub.arrives((p) => p.overrideId === overrideId, 1_000);
      }
      expect(live).toBe(true);
    }

    // Alice's notification, then Bob's: pushes follow the log's order, so once Bob's has reached
    // Bob, Alice's would have reached him before it, had it been sent to him.
    const alices = await propose(alice);
    const bobs = await propose(bob);
    expect(await bobSub.arrives((p) => p.overrideId === bobs, 10_000)).toBe(true);
    expect(await aliceSub.arrives((p) => p.overrideId === alices, 10_000)).toBe(true);
    aliceSub.stop();
    bobSub.stop();

    const { rows } = await t.db.sql.query<{ id: string; user_id: string }>('SELECT id, user_id FROM notifications');
    const owner = new Map(rows.map((r) => [r.id, r.user_id]));
    expect(bobSub.seen.map((p) => p.overrideId)).not.toContain(alices);
    expect(bobSub.seen.every((p) => owner.get(p.id) === bob.userId)).toBe(true);
    expect(aliceSub.seen.map((p) => p.overrideId)).not.toContain(bobs);
    expect(aliceSub.seen.every((p) => owner.get(p.id) === alice.userId)).toBe(true);
    // Pushed after the commit: each pushed notification is in the table, unread, as pushed.
    const pushed = aliceSub.seen.find((p) => p.overrideId === alices)!;
    expect(pushed).toMatchObject({ kind: 'ADJUSTMENT_PROPOSED', date: expect.stringMatching(/^2026-04-/), read: false });
    expect(owner.get(pushed.id)).toBe(alice.userId);
  });
});
