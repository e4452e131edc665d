import { Client } from 'pg';
import { Database, openDatabase } from '../db/database';
import { migrate } from '../db/migrator';
import { seedReferenceData } from '../../reference/seed';

/**
 * A database for one test file: on PostgreSQL (DATABASE_URL) a database per jest worker,
 * created on first use and migrated; otherwise an in-memory PGlite. Either way migrated,
 * seeded with reference data, and emptied of events and read models.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  let db: Database;
  if (url) {
    const target = new URL(testDatabaseUrl()!);
    const name = target.pathname.slice(1);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04' && error.code !== '23505') throw error; // created meanwhile by another file
      });
    } finally {
      await admin.end();
    }
    db = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 8 });
  } else {
    db = await openDatabase({ kind: 'pglite', dir: null });
  }
  await migrate(db.sql);
  await seedReferenceData(db.sql);
  await resetData(db);
  return db;
}

/** This jest worker's PostgreSQL database (`<DATABASE_URL's name>_w<worker>`), or null on PGlite. */
export function testDatabaseUrl(): string | null {
  const url = process.env.DATABASE_URL;
  if (!url) return null;
  const target = new URL(url);
  target.pathname = `/${target.pathname.slice(1) || 'test'}_w${process.env.JEST_WORKER_ID ?? '0'}`;
  return target.toString();
}

/** A second pool on the test database, as another process would have (PostgreSQL only; not reset). */
export async function openSecondConnection(): Promise<Database | null> {
  const url = testDatabaseUrl();
  return url ? openDatabase({ kind: 'postgres', url, poolSize: 8 }) : null;
}

/** Tables that survive resetData: the migration ledger and the reference data. */
const KEPT_TABLES = new Set(['schema_migrations', 'exercises', 'foods', 'reference_data_versions']);

/** Empties the event log, checkpoints and every read model. */
export async function resetData(db: Database): Promise<void> {
  const { rows } = await db.sql.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const tables = rows.map((row) => row.name).filter((name) => !KEPT_TABLES.has(name));
  if (tables.length) await db.sql.exec(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
