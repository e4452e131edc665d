import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Sql } from './sql';
import { PROJECT_ROOT } from '../../paths';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

/** Any fixed 64-bit number: the advisory lock every replica takes while migrating. */
const MIGRATION_LOCK_KEY = 7_240_361_125;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    name        TEXT PRIMARY KEY,
    checksum    TEXT        NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
  )`;

/**
 * Applies the pending migrations in name order, each in its own transaction together with its
 * ledger row, under a transaction-scoped advisory lock: two replicas starting at once apply each
 * file once (the second waits, then finds it applied). A file edited after it was applied is an
 * error, not a silent skip. Returns the names applied by this call.
 */
export async function migrate(sql: Sql, migrations?: Migration[]): Promise<string[]> {
  const files = migrations ?? (await loadMigrations());
  const applied: string[] = [];
  for (const migration of files) {
    const didApply = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.exec(CREATE_LEDGER);
      const { rows } = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE name = $1',
        [migration.name],
      );
      if (rows[0]) {
        if (rows[0].checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.name} was changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (didApply) applied.push(migration.name);
  }
  return applied;
}

/** The migrations not yet applied (for /readyz): empty when the database is current. */
export async function pendingMigrations(sql: Sql, migrations?: Migration[]): Promise<string[]> {
  const files = migrations ?? (await loadMigrations());
  const { rows: ledger } = await sql.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
  );
  if (!ledger[0]?.exists) return files.map((file) => file.name);
  const { rows } = await sql.query<{ name: string }>('SELECT name FROM schema_migrations');
  const done = new Set(rows.map((row) => row.name));
  return files.filter((file) => !done.has(file.name)).map((file) => file.name);
}
