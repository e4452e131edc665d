import type { PGlite, Transaction } from '@electric-sql/pglite';
import { OID, QueryResult, Sql, SqlExecutor, keepText, toNumber } from './sql';

const options = { parsers: { [OID.INT8]: toNumber, [OID.NUMERIC]: toNumber, [OID.DATE]: keepText } };

function executor(target: PGlite | Transaction): SqlExecutor {
  return {
    async query<T>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await target.query<T>(text, params as unknown[], options);
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

/** PGlite is one connection: its transaction() queues every other query until it ends. */
export function pgliteSql(db: PGlite): Sql {
  return {
    kind: 'pglite',
    ...executor(db),
    transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) => db.transaction((tx) => fn(executor(tx))),
    close: () => db.close(),
  };
}
