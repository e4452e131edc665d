import { randomUUID } from 'node:crypto';
import { Client } from 'graphql-ws';
import { startTestServer, TestServer } from '../support/testServer';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());

interface Result {
  data?: { planChanged?: { type: string; streamId: string; streamVersion: number } } | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Collects what a subscription delivers until `until` says stop or the time runs out. */
function collect(client: Client, query: string, until: (results: Result[]) => boolean, ms = 5000): Promise<{ results: Result[]; error?: unknown }> {
  return new Promise((resolve) => {
    const results: Result[] = [];
    const timer = setTimeout(() => {
      stop();
      resolve({ results });
    }, ms);
    const stop = client.subscribe<Result['data']>({ query }, {
      next: (value) => {
        results.push(value as Result);
        if (until(results)) {
          clearTimeout(timer);
          stop();
          resolve({ results });
        }
      },
      error: (error) => {
        clearTimeout(timer);
        resolve({ results, error });
      },
      complete: () => undefined,
    });
  });
}

const SUBSCRIBE = 'subscription { planChanged { type streamId streamVersion position recordedAt } }';

describe('subscriptions over WebSocket (graphql-ws)', () => {
  it("pushes the caller's own events as they commit, and not another user's", async () => {
    const me = randomUUID();
    const other = randomUUID();
    const token = await t.token(me);
    const otherToken = await t.token(other);
    const client = t.ws({ Authorization: `Bearer ${token}` });
    const start = async (authorization: string) =>
      `consultation-${(await t.gql('mutation { startConsultation(input: { heightCm: 180 }) { id } }', {}, authorization)).data!.startConsultation.id}`;
    const seen: string[] = [];
    const mine: string[] = [];
    let wake: () => void = () => undefined;
    const stop = client.subscribe<Result['data']>({ query: SUBSCRIBE }, {
      next: (value) => {
        seen.push(String((value as Result).data?.planChanged?.streamId));
        wake();
      },
      error: (error) => {
        throw error;
      },
      complete: () => undefined,
    });
    const arrives = (streamId: string, ms: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(seen.includes(streamId)), ms);
        wake = () => {
          if (seen.includes(streamId)) {
            clearTimeout(timer);
            resolve(true);
          }
        };
        wake();
      });
    // The subscription is live once one of my events arrives (no guess at how long it takes).
    let live = false;
    for (let attempt = 0; attempt < 15 && !live; attempt++) {
      const streamId = await start(token);
      mine.push(streamId);
      live = await arrives(streamId, 1_000);
    }
    expect(live).toBe(true);
    // Now the other user's event and then mine: the tailer pushes in log order, so once mine
    // has arrived, the other's would have arrived before it.
    const theirs = await start(otherToken);
    const last = await start(token);
    mine.push(last);
    expect(await arrives(last, 10_000)).toBe(true);
    stop();
    expect(seen).not.toContain(theirs);
    expect(seen.every((s) => mine.includes(s) || s === `user-${me}`)).toBe(true);
  });

  it('accepts the token as { token } or as headers in connectionParams', async () => {
    for (const params of [{ token: await t.token(randomUUID()) }, { headers: { Authorization: `Bearer ${await t.token(randomUUID())}` } }]) {
      const client = t.ws(params);
      const outcome = await collect(client, '{ me { id } }', (r) => r.length > 0, 3000);
      expect(outcome.error).toBeUndefined();
      expect(outcome.results[0].data).toMatchObject({ me: { id: expect.any(String) } });
    }
  });

  it('refuses a forged token at connection time', async () => {
    const forged = `${(await t.token(randomUUID())).slice(0, -4)}AAAA`;
    const client = t.ws({ Authorization: `Bearer ${forged}` });
    const outcome = await collect(client, SUBSCRIBE, () => true, 3000);
    expect(outcome.error).toMatchObject({ code: 4403 });
  });

  it('answers UNAUTHENTICATED to a subscription without a token', async () => {
    const client = t.ws();
    const outcome = await collect(client, SUBSCRIBE, (r) => r.length > 0, 3000);
    const errors = outcome.error ?? outcome.results[0]?.errors;
    expect(JSON.stringify(errors)).toMatch(/UNAUTHENTICATED|sign in/);
  });

  it('applies the cost limit to WebSocket operations too', async () => {
    const client = t.ws({ token: await t.token(randomUUID()) });
    const quarter = 'calendar(from: "2026-03-01", to: "2026-05-31") { meals { items { food { id name category kcal proteinG carbsG fatG fibreG portionG vegan vegetarian allergens source } } } }';
    // Each quarter costs 1 + 92 days x (1 + 6 meals x (1 + 4 items x 14)) = 31 557; seven pass the default limit of 200 000.
    const outcome = await collect(client, `{ ${['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((alias) => `${alias}: ${quarter}`).join(' ')} }`, () => true, 3000);
    expect(JSON.stringify(outcome.error ?? outcome.results)).toMatch(/QUERY_TOO_COMPLEX/);
  });
});
