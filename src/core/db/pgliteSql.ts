import type { PGlite, Transaction } from '@electric-sql/pglite';
import { CommitCallbacks, DbScope, OID, QueryResult, Sql, SqlExecutor, keepText, scopeStatement, scopedReads, toNumber } from './sql';

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
  const sql: Sql = {
    kind: 'pglite',
    ...executor(db),
    transaction: async <T>(fn: (tx: SqlExecutor) => Promise<T>, scope?: DbScope) => {
      const scoping = scope ? scopeStatement(scope) : null;
      const committed = new CommitCallbacks();
      const result = await db.transaction(async (tx) => {
        if (scoping) await tx.exec(scoping);
        return fn({ ...executor(tx), afterCommit: committed.add });
      });
      committed.run(); // db.transaction resolves once COMMIT has run; it rejects on a rollback
      return result;
    },
    asUser: (userId) => scopedReads(sql, userId),
    // PGlite is one process: its notifications come from its own commits.
    listen: async (channel, onNotify) => {
      const unlisten = await db.listen(channel, (payload) => onNotify(payload));
      return () => unlisten();
    },
    close: () => db.close(),
  };
  return sql;
}
