import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import pino from 'pino';
import { handle } from '../src/core/commandHandler';
import { Database, openDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrator';
import { AppError } from '../src/core/errors';
import { ConcurrencyConflict, EventStore } from '../src/core/eventStore/eventStore';
import { resetData } from '../src/core/testing/testDatabase';
import { LogWakeups } from '../src/core/projections/logWakeups';
import { ConsultationEvent, consultationStream } from '../src/consultations/consultation';
import { consultationDecider } from '../src/consultations/consultation.decide';
import { profileDecider, userStream } from '../src/profiles/profile';
import { seedReferenceData } from '../src/reference/seed';
import { Services, createServices } from '../src/services';
import {
  BenchModule, BenchSettings, fmtMs, fmtRate, mean, median, percentile, sortedCopy, table,
} from './support';

/*
 * Event-store write throughput on PostgreSQL. See bench/README.md for what each figure means.
 *
 * Scenarios (BENCH_SCENARIOS=a,b,... picks some; default append,own,shared,profile):
 *   append        store.append of one ConsultationUpdated with its expected version (inline projection
 *                 included, no read, no decide): the floor under the command path.
 *   own           handle(UpdateConsultation) with expectedVersion, each client on its own stream.
 *   shared        the same command, every client on ONE stream, expectedVersion = what that client last saw.
 *   shared-retry  (opt-in) one stream, no expectedVersion: handle's own retry loop (MAX_CONFLICT_RETRIES).
 *   profile       one client, no contention: round trips per command, time per statement, and the
 *                 command's latency as its stream grows.
 */

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/test';
/** BENCH_DATABASE picks another, so that two benchmarks on one server do not reset each other's data. */
const BENCH_DATABASE = process.env.BENCH_DATABASE || 'bench';
const DEFAULT_SCENARIOS = ['append', 'own', 'shared', 'profile'];
/**
 * How appends wake the log's consumers (BENCH_WAKEUPS): `notify` as the servers run it (after
 * each commit, one coalesced pg_notify at a time, and this process's LISTEN), `none` (polling
 * only, LOG_LISTEN=false), or `trigger`, the statement-level trigger that NOTIFYs inside every
 * appending transaction (the first version of migration 0013), kept here to compare against.
 */
const WAKEUP_MODES = ['notify', 'none', 'trigger'] as const;
type WakeupMode = (typeof WAKEUP_MODES)[number];
const BENCH_TRIGGER = `
  CREATE OR REPLACE FUNCTION bench_notify_plan_change_events() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('plan_change_events', '');
    RETURN NULL;
  END $$;
  CREATE TRIGGER bench_plan_change_events_notify AFTER INSERT ON plan_change_events
    FOR EACH STATEMENT EXECUTE FUNCTION bench_notify_plan_change_events()`;
const DROP_BENCH_TRIGGER = 'DROP TRIGGER IF EXISTS bench_plan_change_events_notify ON plan_change_events';

/** A consultation stream is retired for a fresh one at this many events (BENCH_STREAM_EVENTS). */
const DEFAULT_STREAM_EVENTS = 50;

type Outcome = 'ok' | 'conflict' | 'exhausted';

/** One simulated client: prepare() is untimed housekeeping, step() is the timed command. */
interface Worker {
  prepare(): Promise<void>;
  step(): Promise<Outcome>;
}

/** Counts kept by a wrapper around store.append (see instrumentStore). */
interface AppendCounters {
  /** Events of every acknowledged append: must equal the rows in plan_change_events. */
  acknowledgedEvents: number;
  /** ConcurrencyConflicts thrown by append (a lost race), inside the current timed window. */
  lostRacesInWindow: number;
  windowDeadline: number;
}

interface WindowResult {
  seconds: number;
  ok: number;
  conflicts: number;
  /** CONFLICT answers given after MAX_CONFLICT_RETRIES lost races (only without expectedVersion). */
  exhausted: number;
  /** Lost append races that sent handle back to re-read (retries). */
  retries: number;
  latencies: number[];
}

interface Context {
  db: Database;
  services: Services;
  counters: AppendCounters;
  settings: BenchSettings;
  streamEvents: number;
}

interface Scenario {
  key: string;
  title: string;
  levels: number[];
  /** Shared-stream scenarios report successes, CONFLICT answers and retries. */
  contended: boolean;
  build(ctx: Context, clients: number): Promise<Worker[]>;
}

// ---------------------------------------------------------------------------------------------
// Database

/** Opens (creating and migrating when needed) the bench database, BENCH_DATABASE unless another name is given. */
export async function openBenchDatabase(poolSize: number, name = BENCH_DATABASE): Promise<{ db: Database; url: URL }> {
  const base = process.env.DATABASE_URL || DEFAULT_URL;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04' && error.code !== '23505') throw error; // created meanwhile
      });
    }
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize });
  try {
    await migrate(db.sql);
    await seedReferenceData(db.sql);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return { db, url };
}

/**
 * Counts acknowledged events and lost races by wrapping the services' store.append (the one
 * handle calls). A lost race inside handle is a retry unless it was the last allowed one, which
 * becomes a CONFLICT answer without currentVersion ('exhausted').
 */
function instrumentStore(store: EventStore): AppendCounters {
  const counters: AppendCounters = { acknowledgedEvents: 0, lostRacesInWindow: 0, windowDeadline: 0 };
  const append = store.append.bind(store);
  store.append = async (...args: Parameters<EventStore['append']>) => {
    try {
      const result = await append(...args);
      counters.acknowledgedEvents += result.events.length;
      return result;
    } catch (error) {
      if (error instanceof ConcurrencyConflict && performance.now() <= counters.windowDeadline) counters.lostRacesInWindow++;
      throw error;
    }
  };
  return counters;
}

/** Empties the log and read models (keeping reference data) and resets the counters with it. */
async function reset(ctx: Context): Promise<void> {
  await resetData(ctx.db);
  ctx.counters.acknowledgedEvents = 0;
}

/**
 * After each level: every acknowledged event is in the log and nothing else is, streams have no
 * gaps, and each consultation row carries its stream's version (the inline projection kept up).
 */
async function checkConsistency(ctx: Context, label: string): Promise<void> {
  const { rows: [count] } = await ctx.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_change_events');
  const { rows: [bad] } = await ctx.db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n
     FROM (SELECT stream_id, max(stream_version) AS v, count(*) AS n FROM plan_change_events
           WHERE stream_id LIKE 'consultation-%' GROUP BY stream_id) e
     LEFT JOIN consultation_sessions c ON e.stream_id = 'consultation-' || c.id
     WHERE c.id IS NULL OR c.version <> e.v OR e.n <> e.v`,
  );
  if (count?.n !== ctx.counters.acknowledgedEvents) {
    throw new Error(`${label}: ${ctx.counters.acknowledgedEvents} events acknowledged but ${count?.n} in plan_change_events`);
  }
  if (bad?.n) throw new Error(`${label}: ${bad.n} consultation streams disagree with consultation_sessions or have gaps`);
}

// ---------------------------------------------------------------------------------------------
// Commands (the same calls the GraphQL resolvers make)

interface Consultation {
  consultationId: string;
  streamId: string;
  version: number;
}

const nowIso = (services: Services): string => services.clock.now().toISOString();

async function registerProfile(services: Services, userId: string): Promise<void> {
  await handle(services.store, userStream(userId), profileDecider, { type: 'RegisterProfile', userId, email: null }, {
    userId,
    now: nowIso(services),
    lookups: undefined,
    metadata: { actor: userId },
  });
}

async function startConsultation(services: Services, userId: string): Promise<Consultation> {
  const consultationId = services.newId();
  const streamId = consultationStream(consultationId);
  const result = await handle(
    services.store,
    streamId,
    consultationDecider,
    { type: 'StartConsultation', consultationId, answers: { heightCm: 170 } },
    { userId, now: nowIso(services), lookups: services.lookups, expectedVersion: 0, metadata: { actor: userId } },
  );
  return { consultationId, streamId, version: result.version };
}

function updateConsultation(
  services: Services,
  userId: string,
  consultation: Consultation,
  expectedVersion: number | null,
  weightKg: number,
) {
  return handle(
    services.store,
    consultation.streamId,
    consultationDecider,
    { type: 'UpdateConsultation', consultationId: consultation.consultationId, changes: { weightKg } },
    { userId, now: nowIso(services), lookups: services.lookups, expectedVersion, metadata: { actor: userId } },
  );
}

function updatedEvent(services: Services, consultationId: string, weightKg: number): ConsultationEvent {
  return { type: 'ConsultationUpdated', data: { consultationId, changes: { weightKg }, at: nowIso(services) } };
}

// ---------------------------------------------------------------------------------------------
// Workers

/** A user with a consultation of their own, updated with the version they got back each time. */
async function ownStreamWorker(ctx: Context, rotate: boolean): Promise<Worker & { userId: string }> {
  const { services } = ctx;
  const userId = randomUUID();
  await registerProfile(services, userId);
  let current = await startConsultation(services, userId);
  let heavy = false;
  return {
    userId,
    async prepare() {
      // Keeps streams at a realistic length: handle reads the whole stream on every command.
      if (rotate && current.version >= ctx.streamEvents) current = await startConsultation(services, userId);
    },
    async step() {
      heavy = !heavy;
      const result = await updateConsultation(services, userId, current, current.version, heavy ? 71 : 70);
      current = { ...current, version: result.version };
      return 'ok';
    },
  };
}

/** store.append alone: one event at the version this client last appended. */
async function rawAppendWorker(ctx: Context): Promise<Worker> {
  const { services } = ctx;
  const userId = randomUUID();
  await registerProfile(services, userId);
  const consultation = await startConsultation(services, userId);
  let version = consultation.version;
  let heavy = false;
  return {
    async prepare() {},
    async step() {
      heavy = !heavy;
      const result = await services.store.append(
        consultation.streamId,
        version,
        [updatedEvent(services, consultation.consultationId, heavy ? 71 : 70)],
        { userId, metadata: { actor: userId } },
      );
      version = result.version;
      return 'ok';
    },
  };
}

/**
 * Every client updates the same consultation (one user on several devices). With expectedVersion
 * each client sends the version it last saw (from its last success or the CONFLICT's
 * currentVersion), as a UI that refreshes and resubmits would. The stream is retired for a fresh
 * one at streamEvents, like in the own-stream scenario.
 */
async function sharedStreamWorkers(ctx: Context, clients: number, withExpectedVersion: boolean): Promise<Worker[]> {
  const { services } = ctx;
  const userId = randomUUID();
  await registerProfile(services, userId);
  const first = await startConsultation(services, userId);
  const shared = { current: first, head: first.version, rotating: false };
  return Array.from({ length: clients }, (): Worker => {
    let mine: Consultation | null = null;
    let known = 0;
    let heavy = false;
    return {
      async prepare() {
        if (shared.head >= ctx.streamEvents && !shared.rotating) {
          shared.rotating = true;
          try {
            const next = await startConsultation(services, userId);
            shared.current = next;
            shared.head = next.version;
          } finally {
            shared.rotating = false;
          }
        }
        if (mine !== shared.current) {
          mine = shared.current;
          known = mine.version;
        }
      },
      async step() {
        heavy = !heavy;
        const target = mine!;
        try {
          const result = await updateConsultation(services, userId, target, withExpectedVersion ? known : null, heavy ? 71 : 70);
          known = result.version;
          if (target === shared.current) shared.head = Math.max(shared.head, result.version);
          return 'ok';
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
          const current = error.details?.currentVersion;
          if (typeof current === 'number') {
            known = current;
            return 'conflict';
          }
          return 'exhausted';
        }
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Timing

async function runWindow(ctx: Context, workers: Worker[], seconds: number): Promise<WindowResult> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  ctx.counters.windowDeadline = deadline;
  ctx.counters.lostRacesInWindow = 0;
  const result: WindowResult = { seconds, ok: 0, conflicts: 0, exhausted: 0, retries: 0, latencies: [] };
  await Promise.all(
    workers.map(async (worker) => {
      while (performance.now() < deadline) {
        await worker.prepare();
        const t0 = performance.now();
        const outcome = await worker.step();
        const t1 = performance.now();
        if (t1 > deadline) break; // finished after the window: not counted
        result.latencies.push(t1 - t0);
        if (outcome === 'ok') result.ok++;
        else {
          result.conflicts++;
          if (outcome === 'exhausted') result.exhausted++;
        }
      }
    }),
  );
  result.retries = Math.max(0, ctx.counters.lostRacesInWindow - result.exhausted);
  ctx.counters.windowDeadline = 0;
  return result;
}

interface LevelResult {
  scenario: string;
  clients: number;
  runs: WindowResult[];
  okRate: number;
  okMin: number;
  okMax: number;
  conflictRate: number;
  retryRate: number;
  p50: number;
  p95: number;
  p99: number;
  /** CPU time of this node process per answered command, user + system (the rest of the machine is PostgreSQL). */
  nodeCpuMs: number;
}

async function runLevel(ctx: Context, scenario: Scenario, clients: number): Promise<LevelResult> {
  await reset(ctx);
  const workers = await scenario.build(ctx, clients);
  await runWindow(ctx, workers, ctx.settings.warmupSeconds);
  const runs: WindowResult[] = [];
  const cpuBefore = process.cpuUsage();
  for (let run = 0; run < ctx.settings.runs; run++) runs.push(await runWindow(ctx, workers, ctx.settings.seconds));
  const cpu = process.cpuUsage(cpuBefore);
  const answered = runs.reduce((sum, run) => sum + run.ok + run.conflicts, 0);
  await checkConsistency(ctx, `${scenario.key} with ${clients} clients`);
  const okRates = runs.map((run) => run.ok / run.seconds);
  const latencies = sortedCopy(runs.flatMap((run) => run.latencies));
  return {
    scenario: scenario.key,
    clients,
    runs,
    okRate: median(okRates),
    okMin: Math.min(...okRates),
    okMax: Math.max(...okRates),
    conflictRate: median(runs.map((run) => run.conflicts / run.seconds)),
    retryRate: median(runs.map((run) => run.retries / run.seconds)),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    nodeCpuMs: answered ? (cpu.user + cpu.system) / 1000 / answered : NaN,
  };
}

function printLevels(scenario: Scenario, results: LevelResult[]): void {
  if (!scenario.contended) {
    console.log(
      table(
        ['clients', 'appends/s median', 'min', 'max', 'p50 ms', 'p95 ms', 'p99 ms', 'node CPU ms/cmd', 'per run'],
        results.map((r) => [
          String(r.clients), fmtRate(r.okRate), fmtRate(r.okMin), fmtRate(r.okMax),
          fmtMs(r.p50), fmtMs(r.p95), fmtMs(r.p99), fmtMs(r.nodeCpuMs), r.runs.map((run) => fmtRate(run.ok / run.seconds)).join(' '),
        ]),
      ),
    );
    return;
  }
  console.log(
    table(
      ['clients', 'ok/s median', 'min', 'max', 'CONFLICT/s', 'retries/s', 'conflict %', 'p50 ms', 'p95 ms', 'p99 ms', 'node CPU ms/cmd'],
      results.map((r) => {
        const answers = r.runs.reduce((sum, run) => sum + run.ok + run.conflicts, 0);
        const conflicts = r.runs.reduce((sum, run) => sum + run.conflicts, 0);
        return [
          String(r.clients), fmtRate(r.okRate), fmtRate(r.okMin), fmtRate(r.okMax), fmtRate(r.conflictRate),
          fmtRate(r.retryRate), answers ? ((100 * conflicts) / answers).toFixed(1) : '-',
          fmtMs(r.p50), fmtMs(r.p95), fmtMs(r.p99), fmtMs(r.nodeCpuMs),
        ];
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Profile: round trips and time per statement

interface StatementStats {
  count: number;
  ms: number;
  rows: number;
}

/**
 * Times every statement node-postgres sends (Client.prototype.query: one call is one round trip
 * with the extended protocol) while enabled. Installed only for the profile pass.
 */
function installQueryRecorder() {
  const proto = (Client as unknown as { prototype: { query: (...args: unknown[]) => unknown } }).prototype;
  const original = proto.query;
  const stats = new Map<string, StatementStats>();
  const recorder = { enabled: false, stats, uninstall: () => void (proto.query = original) };
  const record = (label: string, ms: number, rows: number): void => {
    const entry = stats.get(label) ?? { count: 0, ms: 0, rows: 0 };
    entry.count++;
    entry.ms += ms;
    entry.rows += rows;
    stats.set(label, entry);
  };
  proto.query = function query(this: unknown, config: unknown, values?: unknown, callback?: unknown) {
    if (!recorder.enabled) return original.call(this, config, values, callback);
    const label = statementLabel(config);
    const t0 = performance.now();
    if (typeof values === 'function') {
      callback = values;
      values = undefined;
    }
    if (typeof callback === 'function') {
      const done = callback as (error: unknown, result: { rowCount?: number | null } | undefined) => void;
      return original.call(this, config, values, (error: unknown, result: { rowCount?: number | null } | undefined) => {
        record(label, performance.now() - t0, result?.rowCount ?? 0);
        done(error, result);
      });
    }
    const pending = original.call(this, config, values) as Promise<{ rowCount?: number | null }>;
    return pending.then((result) => {
      record(label, performance.now() - t0, result?.rowCount ?? 0);
      return result;
    });
  };
  return recorder;
}

function statementLabel(config: unknown): string {
  const text = (typeof config === 'string' ? config : ((config as { text?: string })?.text ?? '')).trim().replace(/\s+/g, ' ');
  const word = /^(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '?';
  // Row-level security: the role a transaction switches to (with BEGIN, or on its own).
  const role = /(?:set_config\('role', '|SET LOCAL ROLE )(\w+)/.exec(text)?.[1];
  if (role && (word === 'BEGIN' || word === 'SELECT' || word === 'SET')) return `${word === 'BEGIN' ? 'BEGIN + ' : ''}SET ROLE ${role}`;
  if (word === 'BEGIN' || word === 'COMMIT' || word === 'ROLLBACK') return word;
  const target = /\b(?:FROM|INTO|UPDATE)\s+([a-z_]+)/i.exec(text)?.[1] ?? '';
  return `${word} ${target}${role ? ` + SET ROLE ${role}` : ''}`.trim();
}

async function profile(ctx: Context): Promise<void> {
  const commands = 300;
  await reset(ctx);
  const worker = await ownStreamWorker(ctx, true);
  const raw = await rawAppendWorker(ctx);
  for (let i = 0; i < 200; i++) {
    await worker.prepare();
    await worker.step();
    await raw.step();
  }
  const recorder = installQueryRecorder();
  try {
    for (const [label, subject] of [
      ['handle(UpdateConsultation), own stream', worker],
      ['store.append (1 event)', raw],
    ] as const) {
      recorder.stats.clear();
      const totals: number[] = [];
      for (let i = 0; i < commands; i++) {
        await subject.prepare();
        recorder.enabled = true;
        const t0 = performance.now();
        await subject.step();
        totals.push(performance.now() - t0);
        recorder.enabled = false;
      }
      const perCommand = mean(totals);
      const statements = [...recorder.stats.entries()];
      const roundTrips = statements.reduce((sum, [, s]) => sum + s.count, 0) / commands;
      const inQueries = statements.reduce((sum, [, s]) => sum + s.ms, 0) / commands;
      console.log(`  ${label}: ${roundTrips.toFixed(2)} round trips, mean ${fmtMs(perCommand)} ms per command (1 client, ${commands} commands)`);
      console.log(
        table(
          ['statement', 'per command', 'mean ms', 'rows', 'share'],
          [
            ...statements.map(([name, s]) => [
              name, (s.count / commands).toFixed(2), fmtMs(s.ms / s.count), (s.rows / s.count).toFixed(1),
              `${((100 * s.ms) / commands / perCommand).toFixed(0)}%`,
            ]),
            ['rest (JS, pool checkout, event loop)', '', fmtMs(perCommand - inQueries), '',
              `${((100 * (perCommand - inQueries)) / perCommand).toFixed(0)}%`],
          ],
          '    ',
        ),
      );
    }

    // The command's cost as its stream grows: handle reads and folds the whole stream each time.
    const fresh = await startConsultation(ctx.services, worker.userId);
    let version = fresh.version;
    const rows: string[][] = [];
    let heavy = false;
    for (const length of [1, 100, 1000, 4000]) {
      while (version < length) {
        const batch = Math.min(100, length - version);
        const events = Array.from({ length: batch }, (_, i) => updatedEvent(ctx.services, fresh.consultationId, i % 2 ? 71 : 70));
        version = (await ctx.services.store.append(fresh.streamId, version, events, { userId: worker.userId })).version;
      }
      recorder.stats.clear();
      const totals: number[] = [];
      const samples = 30;
      for (let i = 0; i < samples; i++) {
        heavy = !heavy;
        recorder.enabled = true;
        const t0 = performance.now();
        const result = await updateConsultation(ctx.services, worker.userId, { ...fresh, version }, version, heavy ? 71 : 70);
        totals.push(performance.now() - t0);
        recorder.enabled = false;
        version = result.version;
      }
      const read = recorder.stats.get('SELECT plan_change_events');
      const readMs = read ? read.ms / samples : 0;
      const sqlMs = [...recorder.stats.values()].reduce((sum, s) => sum + s.ms, 0) / samples;
      rows.push([
        String(length), fmtMs(percentile(sortedCopy(totals), 50)), fmtMs(mean(totals)), fmtMs(readMs),
        fmtMs(sqlMs - readMs), fmtMs(mean(totals) - sqlMs),
      ]);
    }
    console.log(`  handle(UpdateConsultation) latency by stream length (1 client, 30 commands each):`);
    console.log(table(['events in stream', 'p50 ms', 'mean ms', 'readStream', 'other SQL', 'JS (fold, decide)'], rows, '    '));
  } finally {
    recorder.enabled = false;
    recorder.uninstall();
  }
  await checkConsistency(ctx, 'profile');
}

// ---------------------------------------------------------------------------------------------

function scenarios(settings: BenchSettings): Scenario[] {
  const levels = (fallback: number[]): number[] => settings.levels ?? fallback;
  return [
    {
      key: 'append',
      title: 'store.append: one ConsultationUpdated at the expected version, inline projection, no read/decide; own stream per client',
      levels: levels([1, 16]),
      contended: false,
      build: async (ctx, clients) => Promise.all(Array.from({ length: clients }, () => rawAppendWorker(ctx))),
    },
    {
      key: 'own',
      title: 'handle(UpdateConsultation) with expectedVersion, each client on its own consultation stream (throughput)',
      levels: levels([1, 4, 16]),
      contended: false,
      build: async (ctx, clients) => Promise.all(Array.from({ length: clients }, () => ownStreamWorker(ctx, true))),
    },
    {
      key: 'shared',
      title: 'handle(UpdateConsultation), all clients on ONE stream, expectedVersion = the version each client last saw (contention)',
      levels: levels([4, 16]),
      contended: true,
      build: (ctx, clients) => sharedStreamWorkers(ctx, clients, true),
    },
    {
      key: 'shared-retry',
      title: 'handle(UpdateConsultation), all clients on ONE stream, no expectedVersion: server-side retries, CONFLICT after 3',
      levels: levels([4, 16]),
      contended: true,
      build: (ctx, clients) => sharedStreamWorkers(ctx, clients, false),
    },
  ];
}

async function run(settings: BenchSettings): Promise<void> {
  const known = [...scenarios(settings).map((s) => s.key), 'profile'];
  const wanted = (process.env.BENCH_SCENARIOS ?? DEFAULT_SCENARIOS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((key) => !known.includes(key));
  if (unknown.length) throw new Error(`unknown BENCH_SCENARIOS ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const selected = scenarios(settings).filter((s) => wanted.includes(s.key));
  const maxClients = Math.max(1, ...selected.flatMap((s) => s.levels));
  const poolSize = Math.max(16, maxClients);
  const streamEvents = Number(process.env.BENCH_STREAM_EVENTS ?? DEFAULT_STREAM_EVENTS);
  if (!Number.isInteger(streamEvents) || streamEvents < 2) throw new Error('BENCH_STREAM_EVENTS must be an integer >= 2');

  const wakeupMode = (process.env.BENCH_WAKEUPS || 'notify') as WakeupMode;
  if (!WAKEUP_MODES.includes(wakeupMode)) throw new Error(`BENCH_WAKEUPS must be one of ${WAKEUP_MODES.join(', ')}`);

  const { db, url } = await openBenchDatabase(poolSize);
  let wakeups: LogWakeups | null = null;
  try {
    const services = createServices(db, pino({ level: 'silent' }));
    const counters = instrumentStore(services.store);
    await db.sql.exec(DROP_BENCH_TRIGGER); // one a killed run left behind
    if (wakeupMode === 'trigger') await db.sql.exec(BENCH_TRIGGER);
    if (wakeupMode === 'notify') wakeups = await LogWakeups.start(db.sql, services.store, pino({ level: 'silent' }));
    let commits = 0;
    services.store.onCommitted(() => commits++);
    const ctx: Context = { db, services, counters, settings, streamEvents };
    const { rows: [server] } = await db.sql.query<{ version: string; sync: string; fsync: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sync,
              current_setting('fsync') AS fsync`,
    );
    console.log(
      `PostgreSQL ${server?.version} at ${url.searchParams.get('host') ?? url.host}${url.pathname} (synchronous_commit=${server?.sync}, fsync=${server?.fsync}); ` +
        `pool ${poolSize}; consultation streams retired at ${streamEvents} events; wake-ups: ${wakeupMode} (BENCH_WAKEUPS)`,
    );

    const all: LevelResult[] = [];
    for (const scenario of selected) {
      console.log(`\n[${scenario.key}] ${scenario.title}`);
      const results: LevelResult[] = [];
      for (const clients of scenario.levels) results.push(await runLevel(ctx, scenario, clients));
      printLevels(scenario, results);
      all.push(...results);
    }
    if (wanted.includes('profile')) {
      console.log('\n[profile] where the time goes (1 client, no contention)');
      await profile(ctx);
    }
    if (all.length) {
      const header = ['summary'];
      const line = ['median/s'];
      for (const r of all) {
        header.push(`${r.scenario}${r.scenario.startsWith('shared') ? ' ok' : ''}@${r.clients}`);
        line.push(fmtRate(r.okRate));
        if (r.scenario.startsWith('shared')) {
          header.push(`${r.scenario} CONFLICT@${r.clients}`);
          line.push(fmtRate(r.conflictRate));
        }
      }
      console.log(`\n${table(header, [line], '')}`);
    }
    if (wakeups) {
      await wakeups.settled();
      console.log(`wake-ups: ${wakeups.notifiesSent} NOTIFYs sent for ${commits} committed appending transactions (setup included)`);
    }
  } finally {
    await wakeups?.stop();
    await db.sql.exec(DROP_BENCH_TRIGGER).catch(() => undefined);
    await db.close();
  }
}

export const eventStoreBench: BenchModule = {
  name: 'event-store',
  description: 'appends/s and conflict retries of the event-store write path on PostgreSQL',
  run,
};
