import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../src/config';
import { openConfiguredDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrator';
import { ProjectionRegistry } from '../src/core/projections/registry';
import { rebuildProjections } from '../src/core/projections/rebuild';
import { PROJECTIONS } from '../src/services';

/**
 * npm run projections:rebuild: empties the tables the projections own and replays the log into
 * them. Refuses (exit 1, nothing changed) when a table no projection rebuilds holds rows.
 */
async function run(): Promise<void> {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  const bar = new SingleBar({ format: 'rebuild [{bar}] {percentage}% | {value}/{total} events | {eta}s left' }, Presets.shades_classic);
  let started = false;
  try {
    await migrate(db.sql);
    const startedAt = Date.now();
    const result = await rebuildProjections(db.sql, new ProjectionRegistry(PROJECTIONS), {
      batchSize: 1000,
      onProgress: ({ applied, total }) => {
        if (!started) {
          bar.start(total, applied);
          started = true;
        } else bar.update(applied);
      },
    });
    bar.stop();
    console.log(`rebuilt ${result.tables.join(', ')} from ${result.events} events in ${Date.now() - startedAt} ms`);
  } finally {
    if (started) bar.stop();
    await db.close();
  }
}

run().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
