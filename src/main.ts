import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { openConfiguredDatabase } from './core/db/database';
import { migrate } from './core/db/migrator';
import { seedReferenceData } from './reference/seed';
import { createServices } from './services';
import { createLogger } from './server/logger';
import { startServer } from './server/app';
import { mintToken } from './server/auth';
import { DEMO_EMAIL, DEMO_USER_ID, seedDemo } from './demo';
import { startJobs } from './jobs/jobs';

/** Composition root: config -> database -> migrations and seeds -> services -> server. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await openConfiguredDatabase(config);
  const applied = await migrate(db.sql);
  const seeded = await seedReferenceData(db.sql);
  logger.info({ applied, seeded, database: db.sql.kind }, 'database ready');

  const services = createServices(db, logger);
  let demoToken: string | null = null;
  if (config.seedDemo) {
    await seedDemo(services);
    if (config.usesDevSecret && config.jwt.secret) {
      demoToken = await mintToken(config.jwt.secret, DEMO_USER_ID, { email: DEMO_EMAIL, issuer: config.jwt.issuer, audience: config.jwt.audience });
    }
  }
  const server = await startServer(config, services, logger, { graphiqlToken: config.env === 'production' ? null : demoToken });
  const jobs = config.runWorker ? await startJobs(services, logger, config.databaseUrl) : null;

  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.pgliteDir}`;
  process.stdout.write(`\nAdaptive coach API on ${where}\n  GraphiQL:  ${server.url}\n`);
  if (demoToken) process.stdout.write(`  Demo user: ${DEMO_USER_ID}\n  Token:     ${demoToken}\n  (GraphiQL's Headers tab already carries it.)\n\n`);

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    try {
      await server.stop();
      logger.info('server stopped');
      await jobs?.stop();
      logger.info('job worker stopped');
      await db.close();
      logger.info('database closed');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) process.stderr.write(`configuration error: ${error.message}\n`);
  else process.stderr.write(`failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
