import { loadConfig } from '../src/config';
import { openConfiguredDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrator';
import { seedReferenceData } from '../src/reference/seed';

/** npm run db:migrate: applies pending migrations and seeds reference data, then exits. */
async function run(): Promise<void> {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  try {
    const applied = await migrate(db.sql);
    const seeded = await seedReferenceData(db.sql);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
    console.log(`reference data: exercises ${seeded.exercises}, foods ${seeded.foods}`);
  } finally {
    await db.close();
  }
}

run().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
