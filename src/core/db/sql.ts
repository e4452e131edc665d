/**
 * The small SQL port the core uses (event store, projections, migrator, rebuild). It is
 * implemented for node-postgres and for PGlite with the same value parsing, so the code above
 * it cannot tell them apart. Prisma (see database.ts) shares the same pool or PGlite instance.
 *
 * Parsing, the same on both: bigint and numeric -> number, date -> 'YYYY-MM-DD' string,
 * timestamptz -> Date, json/jsonb -> parsed, arrays -> JS arrays.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface SqlExecutor {
  /** One statement with $1-style parameters. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Sql extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Postgres type oids whose parsing we unify. */
export const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

export const toNumber = (value: string): number => Number(value);
export const keepText = (value: string): string => value;
