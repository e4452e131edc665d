import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SingleBar } from 'cli-progress';
import pino from 'pino';
import { openDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrator';
import { PROJECT_ROOT } from '../src/paths';
import { seedReferenceData } from '../src/reference/seed';
import { createServices } from '../src/services';
import { renderChart } from '../src/simulation/chart';
import { PERSON_MODEL, PersonModel } from '../src/simulation/person';
import { formatSummary, summarize } from '../src/simulation/report';
import { runSimulation } from '../src/simulation/runner';

/*
 * npm run simulate [-- --people 1000 --weeks 16 --seed 1 --concurrency 8 --intake habit|fraction
 *                     --water-sd 0.25 --water-phi 0.8 --no-adaptation --with-analysis --chart docs/simulation.svg]
 * Each flag may also come from the environment: SIM_PEOPLE, SIM_WEEKS, SIM_SEED, SIM_CONCURRENCY,
 * SIM_INTAKE, SIM_WATER_SD, SIM_WATER_PHI, SIM_ADAPTATION=0, SIM_WITH_ANALYSIS=1, SIM_CHART. The database is
 * DATABASE_URL (PostgreSQL; the run adds its synthetic users to it) or, unset, a fresh in-memory
 * PGlite. Prints the convergence figures; exits 1 when an invariant (floor, clamp) is broken or
 * a person's command failed, 2 on a bad flag.
 */

class UsageError extends Error {}

function flags(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (name.startsWith('no-')) out.set(name.slice(3), 'false');
    else if (inline !== undefined) out.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out.set(name, argv[++i]!);
    else out.set(name, 'true');
  }
  return out;
}

const KNOWN = ['with-analysis', 'people', 'weeks', 'seed', 'concurrency', 'intake', 'water-sd', 'water-phi', 'adaptation', 'chart', 'start-date'];

function settings(argv: string[], env: NodeJS.ProcessEnv) {
  const given = flags(argv);
  for (const name of given.keys()) if (!KNOWN.includes(name)) throw new UsageError(`unknown flag --${name} (known: ${KNOWN.map((k) => `--${k}`).join(', ')})`);
  const raw = (name: string): string | undefined => given.get(name) ?? env[`SIM_${name.toUpperCase().replace(/-/g, '_')}`];
  const number = (name: string, fallback: number, check: (x: number) => boolean, rule: string): number => {
    const value = raw(name);
    if (value === undefined || value === '') return fallback;
    const x = Number(value);
    if (!Number.isFinite(x) || !check(x)) throw new UsageError(`--${name} must be ${rule}, got ${JSON.stringify(value)}`);
    return x;
  };
  const whole = (x: number) => Number.isInteger(x);
  const intake = raw('intake') ?? PERSON_MODEL.intake;
  if (intake !== 'habit' && intake !== 'fraction') throw new UsageError(`--intake must be habit or fraction, got ${JSON.stringify(intake)}`);
  const startDate = raw('start-date') ?? '2031-01-06';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) throw new UsageError('--start-date must be YYYY-MM-DD');
  const adaptation = raw('adaptation');
  const model: PersonModel = {
    ...PERSON_MODEL,
    intake,
    water: {
      phi: number('water-phi', PERSON_MODEL.water.phi, (x) => x >= 0 && x < 1, 'from 0 to below 1'),
      sdKg: number('water-sd', PERSON_MODEL.water.sdKg, (x) => x >= 0 && x <= 3, 'from 0 to 3 kg'),
    },
    adaptation: { ...PERSON_MODEL.adaptation, perUnitWeightChange: adaptation === 'false' || adaptation === '0' ? 0 : PERSON_MODEL.adaptation.perUnitWeightChange },
  };
  return {
    people: number('people', 1000, (x) => whole(x) && x >= 1 && x <= 100_000, 'a whole number from 1 to 100000'),
    // Programs last at most 24 weeks (consultation rules).
    weeks: number('weeks', 16, (x) => whole(x) && x >= 4 && x <= 24, 'a whole number from 4 to 24'),
    seed: number('seed', 1, (x) => whole(x) && x >= 0 && x < 2 ** 32, 'a whole number from 0 to 2^32-1'),
    concurrency: number('concurrency', 8, (x) => whole(x) && x >= 1 && x <= 256, 'a whole number from 1 to 256'),
    analysis: raw('with-analysis') === 'true' || raw('with-analysis') === '1',
    chart: raw('chart') !== undefined ? path.resolve(raw('chart')!) : path.join(PROJECT_ROOT, 'docs', 'simulation.svg'),
    startDate,
    model,
  };
}

async function run(): Promise<number> {
  const s = settings(process.argv.slice(2), process.env);
  const url = process.env.DATABASE_URL || null;
  const db = url
    ? await openDatabase({ kind: 'postgres', url, poolSize: s.concurrency + 2 })
    : await openDatabase({ kind: 'pglite', dir: null });
  try {
    await migrate(db.sql);
    await seedReferenceData(db.sql);
    const services = createServices(db, pino({ level: process.env.LOG_LEVEL ?? 'silent' }));
    console.error(`simulating ${s.people} people for ${s.weeks} weeks (seed ${s.seed}, ${s.concurrency} at a time, intake model ${s.model.intake}) on ${url ? 'PostgreSQL' : 'an in-memory PGlite'}`);
    // A one-line bar on a terminal; elsewhere (CI, a pipe) a line every 10 s.
    const bar = new SingleBar({
      format: 'simulate [{bar}] {percentage}% | {value}/{total} person-days | {eta_formatted} left',
      stream: process.stderr, noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 10_000, hideCursor: true,
    });
    bar.start(s.people * s.weeks * 7, 0);
    const started = performance.now();
    let results;
    try {
      results = await runSimulation(services, { ...s, onDay: () => bar.increment() });
    } finally {
      bar.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const summary = summarize(results, { weeks: s.weeks, seed: s.seed, model: s.model });
    console.log(formatSummary(summary, seconds));
    const chartPath = s.chart;
    mkdirSync(path.dirname(chartPath), { recursive: true });
    writeFileSync(chartPath, renderChart(results, { people: s.people, weeks: s.weeks, seed: s.seed }));
    console.log(`chart: ${path.relative(process.cwd(), chartPath) || chartPath}`);
    return summary.reassessments.breaches.length > 0 || summary.failedPeople > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

run().then((code) => process.exit(code), (error) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
