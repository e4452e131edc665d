import './productionMode';
import 'reflect-metadata';
import { eventStoreBench } from './eventStore.bench';
import { programBench } from './program.bench';
import { loggingBench } from './logging.bench';
import { notificationsBench } from './notifications.bench';
import { adjustmentsBench } from './adjustments.bench';
import { reassessmentBench } from './reassessment.bench';
import { rebuildBench } from './rebuild.bench';
import os from 'node:os';
import { BenchModule, machineContext, settingsFromEnv } from './support';

/**
 * Benchmark entry point: `npm run bench` runs every module below, `npm run bench -- event-store`
 * only the ones named. Figures go to stdout; any failure exits non-zero. See bench/README.md.
 */
const MODULES: readonly BenchModule[] = [eventStoreBench, programBench, loggingBench, notificationsBench, adjustmentsBench, reassessmentBench, rebuildBench];

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: npm run bench [-- <module>...]\nmodules:');
    for (const module of MODULES) console.log(`  ${module.name.padEnd(14)} ${module.description}`);
    console.log('environment: BENCH_SECONDS (5), BENCH_RUNS (3), BENCH_WARMUP_SECONDS (0.5), BENCH_LEVELS (e.g. 1,4,16),');
    console.log('             BENCH_SCENARIOS, BENCH_STREAM_EVENTS (event-store), BENCH_REASSESS_PROGRAMS (reassessment),');
    console.log('             BENCH_REBUILD_EVENTS, BENCH_REBUILD_PEOPLE (rebuild), DATABASE_URL');
    return 0;
  }
  const unknown = argv.filter((name) => !MODULES.some((module) => module.name === name));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${MODULES.map((module) => module.name).join(', ')}`);
    return 2;
  }
  const selected = argv.length ? MODULES.filter((module) => argv.includes(module.name)) : MODULES;
  const settings = settingsFromEnv();
  console.log(`machine: ${machineContext()}`);
  console.log(
    `settings: ${settings.runs} runs x ${settings.seconds} s per level after a ${settings.warmupSeconds} s warm-up` +
      (settings.levels ? `, levels ${settings.levels.join(',')}` : ''),
  );
  let failed = 0;
  for (const module of selected) {
    console.log(`\n== ${module.name}: ${module.description} ==`);
    const started = Date.now();
    try {
      await module.run(settings);
      const load = os.loadavg().map((value) => value.toFixed(2)).join(' ');
      console.log(`\n(${module.name} took ${((Date.now() - started) / 1000).toFixed(0)} s; load avg now ${load})`);
    } catch (error) {
      failed++;
      console.error(`\n${module.name} FAILED:`, error);
    }
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Whatever a module left open (a pool, a timer) must not keep the process alive.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
