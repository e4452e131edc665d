import { Pool, PoolClient, types as pgTypes } from 'pg';
import { DbScope, OID, QueryResult, Sql, SqlExecutor, keepText, scopeStatement, scopedReads, toNumber } from './sql';

const parsers: Record<number, (value: string) => unknown> = {
  [OID.INT8]: toNumber,
  [OID.NUMERIC]: toNumber,
  [OID.DATE]: keepText,
};

/** Per-query type parsing: the pool is shared with Prisma's adapter, which parses its own way. */
const queryTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    parsers[oid] ?? pgTypes.getTypeParser(oid, format as 'text')) as typeof pgTypes.getTypeParser,
};

function executor(target: Pool | PoolClient): SqlExecutor {
  return {
    async query<T>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await target.query({ text, values: params as unknown[], types: queryTypes });
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await target.query(sql);
    },
  };
}

export function pgSql(pool: Pool): Sql {
  const sql: Sql = {
    kind: 'postgres',
    ...executor(pool),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, scope?: DbScope): Promise<T> {
      // The scope rides with BEGIN in one simple-protocol string: no extra round trip.
      const begin = scope ? `BEGIN; ${scopeStatement(scope)}` : 'BEGIN';
      const client = await pool.connect();
      try {
        await client.query(begin);
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    asUser: (userId) => scopedReads(sql, userId),
    close: () => pool.end(),
  };
  return sql;
}
