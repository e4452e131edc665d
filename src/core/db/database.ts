import { mkdirSync } from 'node:fs';
import { Pool } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client';
import { Sql } from './sql';
import { pgSql } from './pgSql';
import { pgliteSql } from './pgliteSql';

/**
 * How long a request waits for a new connection before failing as UNAVAILABLE: without it a
 * database that does not answer (failover, network) holds every request and /readyz forever.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

export interface Database {
  sql: Sql;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dir: string | null };

/**
 * Opens PostgreSQL (node-postgres pool) or an embedded PGlite (in dir, or in memory when null),
 * and a Prisma client over the same connections, so both see the same transactions' effects.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new Pool({ connectionString: target.url, max: target.poolSize ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A restart or failover terminates every backend. pg-pool listens for errors on idle
    // clients only; a checked-out client (a transaction between statements, Prisma's too)
    // without a listener would crash the process. The error also reaches the statement that
    // runs or runs next, which fails with a connection error (UNAVAILABLE), and the client is
    // discarded when released.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const sql = pgSql(pool);
    return {
      sql,
      prisma,
      close: async () => {
        await prisma.$disconnect();
        await sql.close();
      },
    };
  }
  const pglite = target.dir ? new PGlite(target.dir) : new PGlite();
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const sql = pgliteSql(pglite);
  return {
    sql,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await sql.close();
    },
  };
}

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in pgliteDir. */
export function openConfiguredDatabase(config: { databaseUrl: string | null; pgliteDir: string; databasePoolSize: number }): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize });
  mkdirSync(config.pgliteDir, { recursive: true });
  return openDatabase({ kind: 'pglite', dir: config.pgliteDir });
}
