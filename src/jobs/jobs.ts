import { Logger as WorkerLogger, LogLevel, run, Runner, TaskList } from 'graphile-worker';
import type { Logger } from 'pino';
import { runSkipSweep } from '../adherence/sweep';
import { pruneSweepLedger, runAdjustmentSweep } from '../adjustments/sweep';
import { runReassessmentSweep } from '../reassessment/sweep';
import type { Services } from '../services';

/**
 * Scheduled work. On PostgreSQL it runs on graphile-worker, a job queue in the same database:
 * its cron fires the sweep once per period across every worker process (with a backfill after
 * downtime), and the sweep fans out into buckets of users that several workers take in
 * parallel. On the embedded PGlite (one process by definition) an in-process timer runs the
 * same sweep.
 *
 * Each bucket runs the skip sweep, then the adjustment sweep for the same users (issue #8): a
 * day's analysis then counts the sessions that yesterday's close marked skipped; then the
 * reassessment sweep (issue #9) for the programs due, whose evidence includes those days.
 */

/** The sweep runs every quarter of an hour, so each time zone's midnight is caught within 15 minutes. */
export const SWEEP_CRON = '*/15 * * * *';
/** After downtime, cron runs missed within this window are run once on start (graphile-worker's fill). */
export const SWEEP_BACKFILL = '2h';
/** Buckets of users per sweep: the unit of work several workers share. */
export const SWEEP_BUCKETS = 8;
/** Jobs one worker process runs at once (each bucket closes up to SWEEP_PARALLEL days at a time). */
export const WORKER_CONCURRENCY = 2;
/** The embedded database's sweep period, in milliseconds. */
export const EMBEDDED_SWEEP_INTERVAL_MS = 15 * 60_000;

export interface Jobs {
  stop(): Promise<void>;
}

export function taskList(services: Services, logger: Logger): TaskList {
  return {
    adherence_sweep: async (_payload, helpers) => {
      await pruneSweepLedger(services, services.clock.now());
      for (let bucket = 0; bucket < SWEEP_BUCKETS; bucket++) {
        await helpers.addJob('adherence_sweep_bucket', { bucket, buckets: SWEEP_BUCKETS }, { jobKey: `adherence_sweep_bucket:${bucket}` });
      }
    },
    adherence_sweep_bucket: async (payload) => {
      const { bucket, buckets } = payload as { bucket: number; buckets: number };
      const result = await runSkipSweep(services, services.clock.now(), { bucket, buckets });
      logger.info({ bucket, buckets, ...result }, 'adherence sweep bucket done');
      const adjustments = await runAdjustmentSweep(services, services.clock.now(), { bucket, buckets });
      logger.info({ bucket, buckets, ...adjustments }, 'adjustment sweep bucket done');
      const reassessments = await runReassessmentSweep(services, services.clock.now(), { bucket, buckets });
      logger.info({ bucket, buckets, ...reassessments }, 'reassessment sweep bucket done');
    },
  };
}

function workerLogger(logger: Logger): WorkerLogger {
  const levels: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'> = {
    error: 'error', warning: 'warn', info: 'info', debug: 'debug',
  } as Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'>;
  return new WorkerLogger(() => (level, message, meta) => logger[levels[level] ?? 'info']({ ...meta }, `graphile-worker: ${message}`));
}

export async function startJobs(services: Services, logger: Logger, databaseUrl: string | null): Promise<Jobs> {
  if (databaseUrl) {
    const runner: Runner = await run({
      connectionString: databaseUrl,
      concurrency: WORKER_CONCURRENCY,
      noHandleSignals: true,
      logger: workerLogger(logger),
      taskList: taskList(services, logger),
      crontab: `${SWEEP_CRON} adherence_sweep ?fill=${SWEEP_BACKFILL}&jobKey=adherence_sweep\n`,
    });
    logger.info('job worker started (graphile-worker)');
    return { stop: () => runner.stop() };
  }
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runSkipSweep(services, services.clock.now())
      .then((result) => logger.info(result, 'adherence sweep done'))
      .then(() => runAdjustmentSweep(services, services.clock.now()))
      .then((result) => logger.info(result, 'adjustment sweep done'))
      .then(() => runReassessmentSweep(services, services.clock.now()))
      .then((result) => logger.info(result, 'reassessment sweep done'))
      .catch((error) => logger.warn({ err: error }, 'adherence sweep failed; the next one retries'));
  };
  tick();
  const timer = setInterval(tick, EMBEDDED_SWEEP_INTERVAL_MS);
  timer.unref();
  logger.info('job worker started (in-process, embedded database)');
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
