import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { handle } from '../src/core/commandHandler';
import { resetData } from '../src/core/testing/testDatabase';
import { openDatabase } from '../src/core/db/database';
import { loadConfig } from '../src/config';
import { ConsultationAnswers, consultationStream } from '../src/consultations/consultation';
import { consultationDecider } from '../src/consultations/consultation.decide';
import { programsStream } from '../src/programs/program';
import { programDecider } from '../src/programs/program.decide';
import { profileDecider, userStream } from '../src/profiles/profile';
import { runSkipSweep } from '../src/adherence/sweep';
import { startServer } from '../src/server/app';
import { mintToken } from '../src/server/auth';
import { Services, createServices } from '../src/services';
import { openBenchDatabase } from './eventStore.bench';
import { BenchModule, BenchSettings, fmtMs, fmtRate, median, percentile, sortedCopy, table } from './support';

/*
 * Logging (issue #7's targets), on PostgreSQL:
 *   http     logActivity and logMeal over HTTP at 16 concurrent clients: logs/s with p50/p95,
 *            beside `{ __typename }` with a token on the same server (the yardstick).
 *   history  the latency of one logMeal for a user with 3 years of logs against a new user's,
 *            interleaved (each log is its own stream, so the history should not show).
 *   sweep    the skip sweep over BENCH_SWEEP_USERS (10,000) users' yesterday: one worker, then
 *            two (two pools sharing the buckets, as two processes would).
 */

const NOW = '2030-01-09T10:00:00.000Z';
const SECRET = 'bench-secret-long-enough-0123456789abcdef';
export const ANSWERS: ConsultationAnswers = {
  sex: 'FEMALE', birthDate: '1992-05-17', heightCm: 168, weightKg: 64, bodyFatPct: null, goal: 'MAINTENANCE', targetRatePctPerWeek: null,
  experience: 'BEGINNER', trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45,
  equipment: ['dumbbell', 'bench'], injuries: [], excludedExercises: [], activityLevel: 'LIGHT', dietType: 'OMNIVORE', allergies: [],
  excludedFoods: [], mealsPerDay: 3, timeZone: 'Europe/Paris', startDate: '2030-01-07', programWeeks: 4, lifts: [],
};

/** A registered user with a completed consultation and a program, made through the commands. */
export async function userWithProgram(services: Services, weeks = 4, startDate = ANSWERS.startDate, now = '2030-01-07T06:00:00.000Z'): Promise<string> {
  const userId = randomUUID();
  await handle(services.store, userStream(userId), profileDecider, { type: 'RegisterProfile', userId, email: null }, { userId, now, lookups: undefined });
  // A completed consultation through its commands (so the bench's log rebuilds), then its program.
  const consultationId = randomUUID();
  const answers = { ...ANSWERS, startDate, programWeeks: weeks };
  const options = { userId, now, lookups: services.lookups };
  await handle(services.store, consultationStream(consultationId), consultationDecider, { type: 'StartConsultation', consultationId, answers }, options);
  await handle(services.store, consultationStream(consultationId), consultationDecider, { type: 'CompleteConsultation', consultationId }, options);
  const programId = randomUUID();
  await handle(services.store, programsStream(userId), programDecider, {
    type: 'GenerateProgram', programId, consultationId, answers, startDate, weeks,
  }, { userId, now, lookups: undefined, programId });
  return userId;
}

const LOG_MEAL = 'mutation($i: LogMealInput!) { logMeal(input: $i) { id adherence { status } } }';
const LOG_ACTIVITY = 'mutation($i: LogActivityInput!) { logActivity(input: $i) { id similarity { score } } }';
const mealInput = (at: string) => ({ eatenAt: at, slot: 1, items: [{ foodId: 'oats_rolled_dry', grams: 60 }, { foodId: 'milk_2_percent', grams: 250 }] });
const activityInput = (at: string) => ({ performedAt: at, kind: 'STRENGTH', durationMinutes: 45, rpe: 7,
  exercises: [{ exerciseId: 'dumbbell_goblet_squat', sets: [{ reps: 10, loadKg: 20, rir: 2 }, { reps: 10, loadKg: 20, rir: 2 }] }] });

/** One GraphQL request over HTTP with a token; its latency in ms. Any error fails the bench. */
export async function timedPost(url: string, token: string, query: string, variables?: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) throw new Error(`request failed: ${response.status} ${text.slice(0, 300)}`);
  return performance.now() - started;
}

async function benchHttp(services: Services, settings: BenchSettings, url: string): Promise<void> {
  const post = (token: string, query: string, variables?: unknown) => timedPost(url, token, query, variables);
  const clients = 16;
  const tokens = await Promise.all(Array.from({ length: clients }, async () => mintToken(SECRET, await userWithProgram(services))));
  let minute = 0;
  const at = () => new Date(Date.parse('2030-01-08T06:00:00Z') + (minute++ % 1000) * 60_000).toISOString();
  const scenarios: Array<[string, (token: string, i: number) => Promise<number>]> = [
    ['{ __typename } (yardstick)', (token) => post(token, '{ __typename }')],
    ['logMeal + logActivity', (token, i) => (i % 2 ? post(token, LOG_MEAL, { i: mealInput(at()) }) : post(token, LOG_ACTIVITY, { i: activityInput(at()) }))],
  ];
  const rows: string[][] = [];
  const medians = new Map<string, number>();
  for (const [label, request] of scenarios) {
    for (let i = 0; i < 32; i++) await request(tokens[i % clients]!, i); // warm-up
    const rates: number[] = [];
    const latencies: number[] = [];
    for (let run = 0; run < settings.runs; run++) {
      let done = 0;
      const end = performance.now() + settings.seconds * 1000;
      const started = performance.now();
      await Promise.all(tokens.map(async (token, c) => {
        for (let i = c; performance.now() < end; i++) {
          latencies.push(await request(token, i));
          done++;
        }
      }));
      rates.push(done / ((performance.now() - started) / 1000));
    }
    const sorted = [...rates].sort((a, b) => a - b);
    medians.set(label, median(rates));
    const lat = sortedCopy(latencies);
    rows.push([label, String(rates.length), fmtRate(median(rates)), fmtRate(sorted[0]!), fmtRate(sorted[sorted.length - 1]!), fmtMs(percentile(lat, 50)), fmtMs(percentile(lat, 95))]);
  }
  console.log(table([`${clients} clients over HTTP`, 'runs', 'median req/s', 'min', 'max', 'p50 ms', 'p95 ms'], rows));
  const ratio = medians.get('logMeal + logActivity')! / medians.get('{ __typename } (yardstick)')!;
  console.log(`logs/s as a share of { __typename }/s: ${ratio.toFixed(2)}`);
}

async function benchHistory(services: Services, settings: BenchSettings, url: string): Promise<void> {
  const post = (token: string, query: string, variables?: unknown) => timedPost(url, token, query, variables);
  const years = 3;
  const veteran = await userWithProgram(services);
  const newcomer = await userWithProgram(services);
  // Three years of history for the veteran: a meal and an activity a day, through the commands.
  const started = performance.now();
  const days = years * 365;
  const veteranToken = await mintToken(SECRET, veteran);
  const newcomerToken = await mintToken(SECRET, newcomer);
  const base = Date.parse(NOW) - days * 86_400_000;
  await Promise.all(Array.from({ length: 8 }, async (_, worker) => {
    for (let d = worker; d < days; d += 8) {
      const at = new Date(base + d * 86_400_000).toISOString();
      await post(veteranToken, LOG_MEAL, { i: mealInput(at) });
      await post(veteranToken, LOG_ACTIVITY, { i: activityInput(at) });
    }
  }));
  const { rows: [count] } = await services.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_change_events WHERE user_id = $1', [veteran]);
  console.log(`veteran: ${count!.n} events of logs over ${years} years (written in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const samples = Math.max(200, Math.round(settings.seconds * 60));
  const old: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < samples; i++) {
    const at = new Date(Date.parse('2030-01-09T07:00:00Z') + (i % 120) * 60_000).toISOString();
    // Interleaved, so drift on a noisy machine hits both alike.
    old.push(await post(veteranToken, LOG_MEAL, { i: mealInput(at) }));
    fresh.push(await post(newcomerToken, LOG_MEAL, { i: mealInput(at) }));
  }
  const o = sortedCopy(old.slice(20));
  const f = sortedCopy(fresh.slice(20));
  console.log(table(['logMeal over HTTP, 1 client', 'requests', 'p50 ms', 'p95 ms'], [
    [`user with ${years} years of logs`, String(o.length), fmtMs(percentile(o, 50)), fmtMs(percentile(o, 95))],
    ['new user', String(f.length), fmtMs(percentile(f, 50)), fmtMs(percentile(f, 95))],
  ]));
  console.log(`p50 veteran / new: ${(percentile(o, 50) / percentile(f, 50)).toFixed(3)}`);
}

async function benchSweep(services: Services, url: URL): Promise<void> {
  const users = Number(process.env.BENCH_SWEEP_USERS ?? 10_000);
  const started = performance.now();
  let made = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (made < users) {
      made++;
      await userWithProgram(services, 4, '2030-01-08', '2030-01-08T06:00:00.000Z');
    }
  }));
  console.log(`${users} users whose four-week program started yesterday (made in ${((performance.now() - started) / 1000).toFixed(0)} s); the sweep closes each one's yesterday`);
  const now = new Date(NOW);
  const reset = async () => {
    await services.db.sql.exec(`DELETE FROM plan_change_events WHERE event_type = 'AdherenceDayClosed';
      TRUNCATE adherence_closed_days; DELETE FROM adherence_records;`);
  };
  const rows: string[][] = [];
  await reset();
  let t0 = performance.now();
  const one = await runSkipSweep(services, now);
  const oneSeconds = (performance.now() - t0) / 1000;
  rows.push(['1 worker', String(one.closed), oneSeconds.toFixed(1), fmtRate(one.closed / oneSeconds)]);
  await reset();
  const second = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 16 });
  try {
    const other = createServices(second, pino({ level: 'silent' }), { clock: { now: () => new Date(NOW) } });
    t0 = performance.now();
    const [a, b] = await Promise.all([runSkipSweep(services, now, { bucket: 0, buckets: 2 }), runSkipSweep(other, now, { bucket: 1, buckets: 2 })]);
    const twoSeconds = (performance.now() - t0) / 1000;
    rows.push(['2 workers (2 pools, buckets)', String(a.closed + b.closed), twoSeconds.toFixed(1), fmtRate((a.closed + b.closed) / twoSeconds)]);
  } finally {
    await second.close();
  }
  console.log(table(['skip sweep', 'days closed', 'seconds', 'days/s'], rows));
}

async function run(settings: BenchSettings): Promise<void> {
  const { db, url } = await openBenchDatabase(16);
  const config = loadConfig({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', JWT_SECRET: SECRET, LOG_LEVEL: 'silent' });
  try {
    await resetData(db);
    const services = createServices(db, pino({ level: 'silent' }), { clock: { now: () => new Date(NOW) } });
    const server = await startServer(config, services, pino({ level: 'silent' }));
    const graphql = `http://127.0.0.1:${server.port}/graphql`;
    try {
      const only = (process.env.BENCH_SCENARIOS ?? 'http,history,sweep').split(',');
      if (only.includes('http')) {
        console.log('\n[http] logActivity and logMeal over HTTP');
        await benchHttp(services, settings, graphql);
      }
      if (only.includes('history')) {
        console.log('\n[history] a user with 3 years of logs against a new one');
        await benchHistory(services, settings, graphql);
      }
    } finally {
      await server.stop();
    }
    if ((process.env.BENCH_SCENARIOS ?? 'sweep').split(',').includes('sweep')) {
      console.log('\n[sweep] the skip sweep');
      await resetData(db);
      await benchSweep(services, url);
    }
  } finally {
    await db.close();
  }
}

export const loggingBench: BenchModule = {
  name: 'logging',
  description: 'logActivity/logMeal over HTTP at 16 clients, a 3-year history vs a new user, the skip sweep over 10,000 users',
  run,
};
