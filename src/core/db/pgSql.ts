import { Client, Pool, PoolClient, types as pgTypes } from 'pg';
import { CommitCallbacks, DbScope, OID, Sql as SqlPort, QueryResult, SqlExecutor, keepText, scopeStatement, scopedReads, toNumber } from './sql';

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

export function pgSql(pool: Pool): SqlPort {
  const sql: SqlPort = {
    kind: 'postgres',
    ...executor(pool),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, scope?: DbScope): Promise<T> {
      // The scope rides with BEGIN in one simple-protocol string: no extra round trip.
      const begin = scope ? `BEGIN; ${scopeStatement(scope)}` : 'BEGIN';
      const client = await pool.connect();
      const committed = new CommitCallbacks();
      let result: T;
      let didCommit: boolean;
      try {
        await client.query(begin);
        result = await fn({ ...executor(client), afterCommit: committed.add });
        // COMMIT in a transaction a failed statement aborted answers ROLLBACK, not an error
        // (when fn caught that statement's error): nothing committed, so no callback runs.
        didCommit = (await client.query('COMMIT')).command === 'COMMIT';
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      if (didCommit) committed.run();
      return result;
    },
    asUser: (userId) => scopedReads(sql, userId),
    listen: (channel, onNotify, onError) => listenOn(pool, channel, onNotify, onError),
    close: () => pool.end(),
  };
  return sql;
}

/** The longest wait between attempts to re-open a lost LISTEN connection. */
const LISTEN_RETRY_MAX_MS = 5_000;

/**
 * LISTEN on a connection of its own, with the pool's settings: a pooled client would be handed
 * back (and its LISTEN with it). A lost connection is re-opened with back-off; once it is back
 * onNotify runs, as notifications sent meanwhile are gone.
 */
async function listenOn(pool: Pool, channel: string, onNotify: (payload?: string) => void, onError?: (error: unknown) => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let client: Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let failures = 0;
  const connect = async (): Promise<void> => {
    const next = new Client({ ...pool.options, application_name: pool.options.application_name ?? 'listen' });
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload);
    });
    next.on('error', (error) => {
      onError?.(error);
      void next.end().catch(() => undefined);
    });
    next.on('end', () => {
      if (client === next) client = null;
      if (!stopped) reconnectLater();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    failures = 0;
  };
  const reconnectLater = (): void => {
    if (stopped || retry) return;
    const delay = Math.min(100 * 2 ** failures++, LISTEN_RETRY_MAX_MS);
    retry = setTimeout(() => {
      retry = null;
      connect().then(() => onNotify(), (error) => {
        onError?.(error);
        reconnectLater();
      });
    }, delay);
    retry.unref();
  };
  try {
    await connect();
  } catch (error) {
    stopped = true;
    throw error;
  }
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const open = client;
    client = null;
    await open?.end().catch(() => undefined);
  };
}
