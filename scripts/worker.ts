import 'reflect-metadata';
import { ConfigError, loadConfig } from '../src/config';
import { openConfiguredDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrator';
import { seedReferenceData } from '../src/reference/seed';
import { createServices } from '../src/services';
import { createLogger } from '../src/server/logger';
import { startJobs } from '../src/jobs/jobs';
import { runSkipSweep } from '../src/adherence/sweep';
import { runAdjustmentSweep } from '../src/adjustments/sweep';
import { runReassessmentSweep } from '../src/reassessment/sweep';
import { startNotificationReactor } from '../src/notifications/notificationReactor';
import { LogWakeups } from '../src/core/projections/logWakeups';

/**
 * npm run worker: the job worker and the notification reactor on their own (no HTTP), for as
 * many processes as you like on one PostgreSQL (reactors take turns on one checkpoint).
 * `npm run worker -- --sweep-now` runs the skip sweep, the adjustment sweep and the reassessment sweep once, now,
 * and exits.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await openConfiguredDatabase(config);
  await migrate(db.sql);
  await seedReferenceData(db.sql);
  const services = createServices(db, logger);
  if (process.argv.includes('--sweep-now')) {
    const result = await runSkipSweep(services, services.clock.now());
    process.stdout.write(`closed ${result.closed} of ${result.due} due local days\n`);
    const started = Date.now();
    const adjusted = await runAdjustmentSweep(services, services.clock.now());
    process.stdout.write(`analyzed ${adjusted.analyzed} users' days in ${adjusted.zones} time zones, ${adjusted.changed} changed, in ${Date.now() - started} ms\n`);
    const reassessStarted = Date.now();
    const reassessed = await runReassessmentSweep(services, services.clock.now());
    process.stdout.write(`reassessed ${reassessed.applied} of ${reassessed.due} due programs (${reassessed.failed} failed) in ${Date.now() - reassessStarted} ms\n`);
    await db.close();
    return;
  }
  const jobs = await startJobs(services, logger, config.databaseUrl);
  const reactor = config.runNotificationReactor ? startNotificationReactor(services, logger, config) : null;
  const wakeups = reactor && config.log.listen ? await LogWakeups.start(db.sql, logger) : null;
  if (reactor) wakeups?.subscribe(() => reactor.wake());
  const stop = async () => {
    await jobs.stop();
    await reactor?.stop();
    await wakeups?.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `configuration error: ${error.message}\n` : `worker failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
