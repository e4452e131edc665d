import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { resetData } from '../src/core/testing/testDatabase';
import { openDatabase } from '../src/core/db/database';
import { loadConfig } from '../src/config';
import { runSkipSweep } from '../src/adherence/sweep';
import { runAdjustmentSweep } from '../src/adjustments/sweep';
import { startServer } from '../src/server/app';
import { mintToken } from '../src/server/auth';
import { Services, createServices } from '../src/services';
import { openBenchDatabase } from './eventStore.bench';
import { userWithProgram } from './logging.bench';
import { BenchModule, BenchSettings, fmtMs, fmtRate, percentile, sortedCopy, table } from './support';

/*
 * Daily adjustments (issue #8's targets), on PostgreSQL:
 *   delivery  BENCH_SUBSCRIBERS (1,000) users hold a notificationAdded subscription (and a
 *             planChanged one, on the same socket) on one server. Each logs a poor night (4 h,
 *             soreness 5) through logDailyContext; its analysis proposes a lighter day; the
 *             notification reactor turns the proposal into a notification, and the log tailer
 *             pushes it. Latency from the mutation's request (an upper bound of commit -> push)
 *             and from its response (a lower bound: the proposal commits before the answer) to
 *             the push. Yardstick: planChanged for the proposal event itself, pushed by the same
 *             tailer with no reactor hop.
 *   sweep     the nightly adjustment sweep over BENCH_SWEEP_USERS (10,000) users whose program
 *             started on Friday and who logged nothing, so Friday's and Monday's sessions are
 *             skipped and every user with a session today gets an "ease back" proposal (the
 *             write-heavy case): one worker, then two (two pools sharing the buckets).
 */

const NOW = '2030-01-09T10:00:00.000Z'; // a Wednesday: the bench users train Monday, Wednesday and Friday
const TODAY = '2030-01-09';
const SECRET = 'bench-secret-long-enough-0123456789abcdef';

const LOG_CONTEXT = `mutation($i: LogDailyContextInput!) { logDailyContext(input: $i) { version } }`;
const SET_POLICY = 'mutation { setAdjustmentPolicy(mode: ASK, autoApplyThreshold: 0.9) { mode } }';
const poorNight = { date: TODAY, sleepHours: 4, sleepQuality: 2, stress: 3, soreness: 5, energy: 2 };

interface Sample { sent: number; answered: number; notified?: number; planChanged?: number }


async function benchDelivery(services: Services, settings: BenchSettings, url: string): Promise<void> {
  const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
  const senders = Number(process.env.BENCH_DELIVERY_CLIENTS ?? 8);
  const started = performance.now();
  const users: string[] = [];
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (users.length < subscribers) {
      users.push('pending');
      users[users.length - 1] = await userWithProgram(services);
    }
  }));
  console.log(`${subscribers} users with a program (made in ${((performance.now() - started) / 1000).toFixed(0)} s)`);

  const samples = new Map<string, Sample>();
  const ready = new Set<string>();
  const clients = await Promise.all(users.map(async (userId) => {
    const token = await mintToken(SECRET, userId);
    const client = createClient({
      url: url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false,
      on: { connected: () => ready.add(userId) },
    });
    const fail = (error: unknown) => { throw new Error(`subscription of ${userId} failed: ${JSON.stringify(error)}`); };
    client.subscribe<{ notificationAdded: { kind: string } }>({ query: 'subscription { notificationAdded { id kind } }' }, {
      next: ({ data }) => {
        const sample = samples.get(userId);
        if (sample && data?.notificationAdded.kind === 'ADJUSTMENT_PROPOSED') sample.notified ??= performance.now();
      },
      error: fail, complete: () => undefined,
    });
    client.subscribe<{ planChanged: { type: string } }>({ query: 'subscription { planChanged { type } }' }, {
      next: ({ data }) => {
        const sample = samples.get(userId);
        if (data?.planChanged.type === 'AdjustmentPolicySet') warm(userId);
        if (sample && data?.planChanged.type === 'DayOverrideProposed') sample.planChanged ??= performance.now();
      },
      error: fail, complete: () => undefined,
    });
    return { userId, token, client };
  }));
  await waitFor(() => ready.size === clients.length, 60_000, () => `${ready.size} of ${clients.length} sockets connected`);
  // Warm-up that proves the subscriptions live: each user sets their policy (an event pushed on
  // planChanged, subscribed after notificationAdded on the same socket); wait for every push.
  const warmed = new Set<string>();
  warm = (userId) => warmed.add(userId);
  await Promise.all(Array.from({ length: senders }, async (_, s) => {
    for (let i = s; i < clients.length; i += senders) {
      const { token } = clients[i]!;
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: SET_POLICY }) });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`setAdjustmentPolicy failed: ${text.slice(0, 300)}`);
    }
  }));
  await waitFor(() => warmed.size === clients.length, 60_000, () => `${warmed.size} of ${clients.length} subscriptions live`);

  // Rounds at paced rates, then as fast as `senders` clients go: each round amends the day's
  // context (an hour less sleep than the last), so each user gets a new proposal and notification.
  const rates = (process.env.BENCH_DELIVERY_RATES ?? '25,50,max').split(',');
  const rows: string[][] = [];
  for (const [round, rate] of rates.entries()) {
    samples.clear();
    const context = { ...poorNight, sleepHours: 4.5 - round * 0.5 };
    const send = async ({ userId, token }: { userId: string; token: string }) => {
      const sample: Sample = { sent: performance.now(), answered: 0 };
      samples.set(userId, sample);
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: LOG_CONTEXT, variables: { i: context } }) });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`logDailyContext failed: ${text.slice(0, 300)}`);
      sample.answered = performance.now();
    };
    const t0 = performance.now();
    if (rate === 'max') {
      let next = 0;
      await Promise.all(Array.from({ length: senders }, async () => {
        while (next < clients.length) await send(clients[next++]!);
      }));
    } else {
      // Open loop: request i leaves at t0 + i / rate whatever the answers before it did.
      const perSecond = Number(rate);
      await Promise.all(clients.map(async (client, i) => {
        const due = t0 + (i * 1000) / perSecond - performance.now();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        await send(client);
      }));
    }
    const sendSeconds = (performance.now() - t0) / 1000;
    await waitFor(() => [...samples.values()].every((s) => s.notified !== undefined && s.planChanged !== undefined), 60_000,
      () => `${[...samples.values()].filter((s) => s.notified !== undefined).length} of ${samples.size} notified`);
    const all = [...samples.values()];
    const achieved = `${fmtRate(all.length / sendSeconds)}/s`;
    for (const [label, values] of [
      ['notificationAdded, from the request', all.map((s) => s.notified! - s.sent)],
      ['notificationAdded, from the response', all.map((s) => s.notified! - s.answered)],
      ['planChanged (yardstick), from the response', all.map((s) => s.planChanged! - s.answered)],
      ['logDailyContext round trip', all.map((s) => s.answered - s.sent)],
    ] as const) {
      const sorted = sortedCopy(values);
      rows.push([label, rate === 'max' ? `max (${senders} senders)` : `${rate}/s`, achieved, fmtMs(percentile(sorted, 50)), fmtMs(percentile(sorted, 95)), fmtMs(sorted[sorted.length - 1]!)]);
    }
  }
  for (const { client } of clients) await client.dispose();
  console.log(`${clients.length} users, ${2 * clients.length} subscriptions open on one server; one logDailyContext per user per round`);
  console.log(table(['push latency', 'rate asked', 'achieved', 'p50 ms', 'p95 ms', 'max ms'], rows));
  void settings;
}

let warm: (userId: string) => void = () => undefined;

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function benchSweep(services: Services, url: URL): Promise<void> {
  const users = Number(process.env.BENCH_SWEEP_USERS ?? 10_000);
  const started = performance.now();
  let made = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (made < users) {
      made++;
      await userWithProgram(services, 4, '2030-01-04', '2030-01-04T06:00:00.000Z');
    }
  }));
  const now = new Date(NOW);
  const closed = await runSkipSweep(services, now);
  console.log(`${users} users whose program started on Friday, nothing logged (made in ${((performance.now() - started) / 1000).toFixed(0)} s; ${closed.closed} days closed as skipped)`);
  const reset = async () => {
    await services.db.sql.exec(`DELETE FROM plan_change_events WHERE event_type LIKE 'DayOverride%';
      DELETE FROM day_overrides; TRUNCATE adjustment_sweeps;`);
  };
  const rows: string[][] = [];
  await reset();
  let t0 = performance.now();
  const one = await runAdjustmentSweep(services, now);
  const oneSeconds = (performance.now() - t0) / 1000;
  rows.push(['1 worker', String(one.analyzed), String(one.changed), oneSeconds.toFixed(1), fmtRate(one.analyzed / oneSeconds)]);
  await reset();
  const second = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 16 });
  try {
    const other = createServices(second, pino({ level: 'silent' }), { clock: { now: () => new Date(NOW) } });
    t0 = performance.now();
    const [a, b] = await Promise.all([runAdjustmentSweep(services, now, { bucket: 0, buckets: 2 }), runAdjustmentSweep(other, now, { bucket: 1, buckets: 2 })]);
    const twoSeconds = (performance.now() - t0) / 1000;
    rows.push(['2 workers (2 pools, buckets)', String(a.analyzed + b.analyzed), String(a.changed + b.changed), twoSeconds.toFixed(1), fmtRate((a.analyzed + b.analyzed) / twoSeconds)]);
  } finally {
    await second.close();
  }
  console.log(table(['adjustment sweep', 'users analyzed', 'proposals', 'seconds', 'users/s'], rows));
}

async function run(settings: BenchSettings): Promise<void> {
  const { db, url } = await openBenchDatabase(16);
  const only = (process.env.BENCH_SCENARIOS ?? 'delivery,sweep').split(',');
  try {
    await resetData(db);
    const services = createServices(db, pino({ level: 'silent' }), { clock: { now: () => new Date(NOW) } });
    if (only.includes('delivery')) {
      console.log('\n[delivery] notificationAdded with 1,000 subscriptions on one server');
      const config = loadConfig({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', JWT_SECRET: SECRET, LOG_LEVEL: 'silent', RUN_WORKER: 'false' });
      const server = await startServer(config, services, pino({ level: 'silent' }));
      try {
        await benchDelivery(services, settings, `http://127.0.0.1:${server.port}/graphql`);
      } finally {
        await server.stop();
      }
    }
    if (only.includes('sweep')) {
      console.log('\n[sweep] the nightly adjustment sweep');
      await resetData(db);
      await benchSweep(services, url);
    }
  } finally {
    await db.close();
  }
}

export const adjustmentsBench: BenchModule = {
  name: 'adjustments',
  description: 'notification push latency with 1,000 subscriptions on one server; the nightly adjustment sweep over 10,000 users',
  run,
};
