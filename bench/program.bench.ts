import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { handle } from '../src/core/commandHandler';
import { resetData } from '../src/core/testing/testDatabase';
import { loadConfig } from '../src/config';
import { ConsultationAnswers, consultationStream } from '../src/consultations/consultation';
import { consultationDecider } from '../src/consultations/consultation.decide';
import { programsStream } from '../src/programs/program';
import { programDecider } from '../src/programs/program.decide';
import { generateProgram } from '../src/programs/program.generate';
import { profileDecider, userStream } from '../src/profiles/profile';
import { startServer } from '../src/server/app';
import { mintToken } from '../src/server/auth';
import { Services, createServices } from '../src/services';
import { openBenchDatabase } from './eventStore.bench';
import { BenchModule, BenchSettings, fmtMs, fmtRate, median, percentile, sortedCopy, table } from './support';

/*
 * Program generation and the calendar graph (issue #3's targets):
 *   generate   generate and store a 12-week, 5 sessions/week, 5 meals/day program on PostgreSQL:
 *              the whole command (read the user's program stream, generate, append one
 *              ProgramGenerated with its bundle, project six tables). p50/p95 over many runs,
 *              and the pure generation alone for comparison.
 *   calendar   calendar(28 days, full graph) over HTTP on loopback: p50/p95 latency of
 *              sequential requests, then requests/s at 8 concurrent clients.
 */

const ANSWERS: ConsultationAnswers = {
  sex: 'MALE', birthDate: '1990-05-17', heightCm: 180, weightKg: 80, bodyFatPct: null, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
  experience: 'INTERMEDIATE', trainingDaysPerWeek: 5, preferredWeekdays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'FRIDAY', 'SATURDAY'],
  sessionMinutes: 75, equipment: ['barbell', 'dumbbell', 'bench', 'cable', 'machine', 'pullup_bar'], injuries: [], excludedExercises: [],
  activityLevel: 'MODERATE', dietType: 'OMNIVORE', allergies: [], excludedFoods: [], mealsPerDay: 5, timeZone: 'UTC',
  startDate: '2030-01-07', programWeeks: 12, lifts: [],
};
const NOW = '2030-01-07T08:00:00.000Z';
const SECRET = 'bench-secret-long-enough-0123456789abcdef';

function summary(label: string, samples: number[]): string[] {
  const sorted = sortedCopy(samples);
  return [label, String(samples.length), fmtMs(percentile(sorted, 50)), fmtMs(percentile(sorted, 95)), fmtMs(percentile(sorted, 99))];
}

async function newUserWithProfile(services: Services): Promise<string> {
  const userId = randomUUID();
  await handle(services.store, userStream(userId), profileDecider, { type: 'RegisterProfile', userId, email: null }, {
    userId, now: NOW, lookups: undefined,
  });
  return userId;
}

async function generateFor(services: Services, userId: string, consultationId: string): Promise<void> {
  const programId = randomUUID();
  await handle(services.store, programsStream(userId), programDecider, {
    type: 'GenerateProgram', programId, consultationId, answers: ANSWERS, startDate: ANSWERS.startDate, weeks: 12,
  }, { userId, now: NOW, lookups: undefined, programId });
}

/** A completed consultation, through its commands like any user's (so the bench log rebuilds). */
async function consultationRow(services: Services, userId: string): Promise<string> {
  const consultationId = randomUUID();
  const options = { userId, now: NOW, lookups: services.lookups };
  await handle(services.store, consultationStream(consultationId), consultationDecider, { type: 'StartConsultation', consultationId, answers: ANSWERS }, options);
  await handle(services.store, consultationStream(consultationId), consultationDecider, { type: 'CompleteConsultation', consultationId }, options);
  return consultationId;
}

async function benchGenerate(services: Services, settings: BenchSettings): Promise<void> {
  const runs = Math.max(20, Math.round(settings.seconds * 8));
  const pure: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    generateProgram({ programId: randomUUID(), userId: randomUUID(), consultationId: randomUUID(), answers: ANSWERS, startDate: ANSWERS.startDate, weeks: 12, at: NOW, supersedes: null });
    pure.push(performance.now() - started);
  }
  const whole: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs + 3; i++) {
    const userId = await newUserWithProfile(services);
    const consultationId = await consultationRow(services, userId);
    const started = performance.now();
    await generateFor(services, userId, consultationId);
    if (i >= 3) whole.push(performance.now() - started); // the first few warm the JIT and the plans
  }
  const { rows: [count] } = await services.db.sql.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM session_instances) + (SELECT count(*) FROM exercise_plan_items) + (SELECT count(*) FROM meal_instances)
          + (SELECT count(*) FROM meal_item_plan) + (SELECT count(*) FROM calendar_events) AS n`,
  );
  rows = Math.round((count?.n ?? 0) / (runs + 3));
  console.log(`12 weeks, 5 sessions/week, 5 meals/day: ${rows} projected rows per program`);
  console.log(table(['ms per program', 'runs', 'p50', 'p95', 'p99'], [summary('generate only (pure)', pure), summary('generate + store (command)', whole)]));
}

async function benchCalendar(services: Services, settings: BenchSettings): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', JWT_SECRET: SECRET, LOG_LEVEL: 'silent' });
  const server = await startServer(config, services, pino({ level: 'silent' }));
  try {
    const userId = await newUserWithProfile(services);
    await generateFor(services, userId, await consultationRow(services, userId));
    const token = await mintToken(SECRET, userId);
    const body = JSON.stringify({
      query: `query($from: LocalDate!, $to: LocalDate!) { calendar(from: $from, to: $to) {
        date targets { kcal proteinG carbsG fatG }
        sessions { id name focus isDeload estimatedMinutes exercises { position sets repsMin repsMax targetRir restSeconds loadKg notes exercise { id name primaryMuscles equipment } } }
        meals { id slot name kcal proteinG carbsG fatG items { grams kcal proteinG carbsG fatG food { id name category } } }
      } }`,
      variables: { from: '2030-01-07', to: '2030-02-03' },
    });
    const url = `http://127.0.0.1:${server.port}/graphql`;
    let bytes = 0;
    const request = async (): Promise<number> => {
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`calendar failed: ${response.status} ${text.slice(0, 300)}`);
      bytes = text.length;
      return performance.now() - started;
    };
    for (let i = 0; i < 20; i++) await request(); // warm-up
    const sequential: number[] = [];
    const until = performance.now() + settings.seconds * 1000;
    while (performance.now() < until) sequential.push(await request());
    console.log(`calendar(28 days, full graph): ${(bytes / 1024).toFixed(0)} kB per response`);
    console.log(table(['ms per request', 'requests', 'p50', 'p95', 'p99'], [summary('1 client, sequential', sequential)]));

    const rates: number[] = [];
    const latencies: number[] = [];
    for (let run = 0; run < settings.runs; run++) {
      let done = 0;
      const end = performance.now() + settings.seconds * 1000;
      const started = performance.now();
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (performance.now() < end) {
          latencies.push(await request());
          done++;
        }
      }));
      rates.push(done / ((performance.now() - started) / 1000));
    }
    const sortedRates = [...rates].sort((a, b) => a - b);
    console.log(table(['8 clients', 'runs', 'median req/s', 'min', 'max', 'p50 ms', 'p95 ms'], [[
      'calendar 28 days', String(rates.length), fmtRate(median(rates)), fmtRate(sortedRates[0]!), fmtRate(sortedRates[sortedRates.length - 1]!),
      fmtMs(percentile(sortedCopy(latencies), 50)), fmtMs(percentile(sortedCopy(latencies), 95)),
    ]]));
  } finally {
    await server.stop();
  }
}

async function run(settings: BenchSettings): Promise<void> {
  const { db } = await openBenchDatabase(16);
  try {
    await resetData(db);
    const services = createServices(db, pino({ level: 'silent' }), { clock: { now: () => new Date(NOW) } });
    console.log('\n[generate] generate and store a program');
    await benchGenerate(services, settings);
    console.log('\n[calendar] calendar(28 days, full graph) over HTTP');
    await benchCalendar(services, settings);
  } finally {
    await db.close();
  }
}

export const programBench: BenchModule = {
  name: 'program',
  description: 'generate-and-store a 12-week program, and calendar(28 days) over HTTP, on PostgreSQL',
  run,
};
