import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { Client as WsClient, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/core/db/database';
import { resetData } from '../src/core/testing/testDatabase';
import { startServer } from '../src/server/app';
import { mintToken } from '../src/server/auth';
import { createServices } from '../src/services';
import { openBenchDatabase } from './eventStore.bench';
import { BenchModule, BenchSettings, fmtMs, mean, percentile, sleep, sortedCopy, table } from './support';

/*
 * Live delivery across instances, on PostgreSQL: two API instances in this process, each with its
 * own pool, log tailer and notification reactor (as two processes would have). A client sends
 * generateProgram to A and is subscribed on B to planChanged (one hop: the tailer) and
 * notificationAdded (two hops: the reactor appends the notification, then the tailer pushes it).
 * The figure is the time from the mutation's HTTP answer to the push, with wake-ups (the writing
 * instance NOTIFYs after its commit, the other LISTENs) and with polling only (LOG_LISTEN=false, LOG_POLL_INTERVAL_MS default), while
 * BENCH_SUBSCRIBERS (1000) other users hold idle subscriptions on B.
 */

const SECRET = 'bench-secret-long-enough-0123456789abcdef';
const GENERATE = 'mutation($i: GenerateProgramInput!) { generateProgram(input: $i) { id } }';

function answers(startDate: string) {
  return {
    sex: 'FEMALE', birthDate: '1992-05-17', heightCm: 168, weightKg: 64, goal: 'MAINTENANCE', experience: 'BEGINNER', trainingDaysPerWeek: 3,
    preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45, equipment: ['DUMBBELL', 'BENCH'], injuries: [], activityLevel: 'LIGHT',
    dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'UTC', startDate, programWeeks: 4,
  };
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

function wsClient(url: string, token: string): WsClient {
  return createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, retryAttempts: 0 });
}

interface Sample { planChanged: number; notification: number }

async function measure(listen: boolean, samples: number, subscribers: number, settings: BenchSettings): Promise<Sample[]> {
  const { db, url } = await openBenchDatabase(16);
  await resetData(db);
  const second = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 16 });
  const config = loadConfig({
    NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', JWT_SECRET: SECRET, LOG_LEVEL: 'silent', RUN_WORKER: 'false',
    LOG_LISTEN: String(listen), ...(process.env.LOG_POLL_INTERVAL_MS ? { LOG_POLL_INTERVAL_MS: process.env.LOG_POLL_INTERVAL_MS } : {}),
  });
  const a = await startServer(config, createServices(db, pino({ level: 'silent' })), pino({ level: 'silent' }));
  const b = await startServer(config, createServices(second, pino({ level: 'silent' })), pino({ level: 'silent' }));
  const urlA = `http://127.0.0.1:${a.port}/graphql`;
  const urlB = `http://127.0.0.1:${b.port}/graphql`;
  const clients: WsClient[] = [];
  try {
    // Idle subscribers of other users on B (their connections register their profiles once).
    for (let i = 0; i < subscribers; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, subscribers - i) }, async () => {
        const client = wsClient(urlB, await mintToken(SECRET, randomUUID()));
        clients.push(client);
        client.subscribe({ query: 'subscription { notificationAdded { id } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
      }));
    }
    const userId = randomUUID();
    const token = await mintToken(SECRET, userId);
    const start = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const started = await gql(urlA, token, 'mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }', { i: answers(start) });
    await gql(urlA, token, 'mutation($id: UUID!) { completeConsultation(id: $id) { program { id } } }', { id: started.startConsultation.id });

    const pushed = new Map<string, { planChanged?: number; notification?: number }>();
    const me = wsClient(urlB, token);
    clients.push(me);
    const at = (programId: string) => pushed.get(programId) ?? (pushed.set(programId, {}), pushed.get(programId)!);
    me.subscribe<{ notificationAdded: { programId: string } }>({ query: 'subscription { notificationAdded { programId } }' }, {
      next: (value) => void (at(value.data!.notificationAdded.programId).notification ??= performance.now()), error: () => undefined, complete: () => undefined,
    });
    me.subscribe<{ planChanged: { type: string; streamId: string } }>({ query: 'subscription { planChanged { type streamId position } }' }, {
      next: (value) => {
        if (value.data!.planChanged.type === 'ProgramGenerated') lastPlanChanged = performance.now();
      }, error: () => undefined, complete: () => undefined,
    });
    let lastPlanChanged = 0;
    // Wait until both subscriptions deliver (a subscription is not acknowledged).
    const warmDeadline = Date.now() + 30_000;
    let warm = false;
    for (let weeks = 4; !warm && Date.now() < warmDeadline; weeks = weeks === 12 ? 4 : weeks + 1) {
      const id = (await gql(urlA, token, GENERATE, { i: { startDate: start, weeks } })).generateProgram.id as string;
      const until = Date.now() + 3000;
      while (Date.now() < until && !(pushed.get(id)?.notification && lastPlanChanged)) await sleep(10);
      warm = Boolean(pushed.get(id)?.notification && lastPlanChanged);
    }
    if (!warm) throw new Error('the subscriptions on B never delivered');

    const results: Sample[] = [];
    for (let i = 0; i < samples; i++) {
      lastPlanChanged = 0;
      const id = (await gql(urlA, token, GENERATE, { i: { startDate: start, weeks: 4 + (i % 9) } })).generateProgram.id as string;
      const acked = performance.now();
      const until = Date.now() + 10_000;
      while (Date.now() < until && !(pushed.get(id)?.notification && lastPlanChanged)) await sleep(1);
      const got = pushed.get(id);
      if (!got?.notification || !lastPlanChanged) throw new Error(`sample ${i}: nothing pushed within 10 s`);
      results.push({ planChanged: Math.max(0, lastPlanChanged - acked), notification: got.notification - acked });
      // A pause that does not divide the poll interval, so samples do not lock onto its phase.
      await sleep(50 + Math.random() * 150);
    }
    void settings;
    return results;
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await a.stop();
    await b.stop();
    await second.close();
    await db.close();
  }
}

function summary(label: string, values: number[]): string[] {
  const sorted = sortedCopy(values);
  return [label, fmtMs(percentile(sorted, 50)), fmtMs(percentile(sorted, 95)), fmtMs(sorted[sorted.length - 1]), fmtMs(mean(values))];
}

async function run(settings: BenchSettings): Promise<void> {
  const samples = Number(process.env.BENCH_SAMPLES || 40);
  const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
  const modes = (process.env.BENCH_SCENARIOS ?? 'listen,poll').split(',');
  console.log(`${samples} generateProgram mutations on A, pushed on B; ${subscribers} idle subscriptions of other users on B`);
  const rows: string[][] = [];
  for (const mode of modes) {
    const listen = mode === 'listen';
    const results = await measure(listen, samples, subscribers, settings);
    const name = listen ? 'wake-ups (post-commit NOTIFY)' : `polling only (${process.env.LOG_POLL_INTERVAL_MS ?? 200} ms)`;
    rows.push(summary(`${name}: planChanged`, results.map((r) => r.planChanged)));
    rows.push(summary(`${name}: notificationAdded`, results.map((r) => r.notification)));
  }
  console.log(table(['ack -> push (ms)', 'p50', 'p95', 'max', 'mean'], rows));
}

export const notificationsBench: BenchModule = {
  name: 'notifications',
  description: 'delivery latency, mutation answered on A -> push on B, with LISTEN wake-ups and polling only, 1000 idle subscriptions',
  run,
};
