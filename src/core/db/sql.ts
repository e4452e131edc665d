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
  /**
   * Only on the executor of a transaction from Sql.transaction: calls fn once that transaction
   * has committed, never when it rolls back (the event store's after-commit wake-up).
   */
  afterCommit?(fn: () => void): void;
}

/**
 * The after-commit callbacks of one transaction: registered while it runs, called once it has
 * committed. A callback that throws is not the transaction's failure (it committed): the others
 * still run.
 */
export class CommitCallbacks {
  private readonly callbacks: Array<() => void> = [];

  readonly add = (fn: () => void): void => {
    this.callbacks.push(fn);
  };

  run(): void {
    for (const fn of this.callbacks) {
      try {
        fn();
      } catch {
        // a wake-up is a hint; the committed transaction stands
      }
    }
  }
}

/**
 * Who a transaction runs as (migration 0005, README "Database"). The connection's own login is
 * the tables' owner, which row-level security never restricts; these non-owner roles are what
 * the policies hold:
 * - api: the caller's reads and appends, filtered to app.user_id = userId;
 * - projector: inline projections and rebuilds, which write read models for every user.
 */
export type DbScope = { role: 'api'; userId: string } | { role: 'projector' };

export const API_ROLE = 'coach_api';
export const PROJECTOR_ROLE = 'coach_projector';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The settings that put the current transaction under a scope, as set_config calls (one SELECT
 * list, for a single statement such as Prisma's raw query or an append's RETURNING). Inlined,
 * not $1 parameters, so that they can travel with BEGIN in one simple-protocol string: safe
 * because the role is a constant and the user id must match UUID first. Both settings are
 * transaction-local: COMMIT or ROLLBACK returns the pooled connection to its login role with no
 * app.user_id.
 */
export function scopeSettings(scope: DbScope): string {
  if (scope.role === 'projector') return `set_config('role', '${PROJECTOR_ROLE}', true)`;
  return `set_config('role', '${API_ROLE}', true), set_config('app.user_id', '${checkedUserId(scope.userId)}', true)`;
}

/**
 * The same as statements for a simple-protocol string (after BEGIN): SET LOCAL is a utility
 * statement, cheaper for the server than planning a SELECT, and sends no row back.
 */
export function scopeStatement(scope: DbScope): string {
  if (scope.role === 'projector') return `SET LOCAL ROLE ${PROJECTOR_ROLE}`;
  return `SET LOCAL ROLE ${API_ROLE}; SET LOCAL app.user_id = '${checkedUserId(scope.userId)}'`;
}

function checkedUserId(userId: string): string {
  if (!UUID.test(userId)) throw new Error(`a scoped user id must be a UUID, got ${JSON.stringify(userId)}`);
  return userId.toLowerCase();
}

export interface Sql extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs fn in one transaction: commit when it resolves, roll back when it throws. With a scope,
   * the transaction runs as that role (and user) from its first statement.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, scope?: DbScope): Promise<T>;
  /**
   * The executor for one user's reads outside a transaction: each statement runs in its own
   * transaction scoped to { role: 'api', userId }. Throws at once when userId is not a UUID.
   */
  asUser(userId: string): SqlExecutor;
  /**
   * LISTENs on a channel and calls onNotify with the payload of each notification, after the
   * notifying transaction committed. On PostgreSQL a dedicated connection (not one of the
   * pool's) that reconnects with back-off when lost, calling onNotify (without a payload) once
   * reconnected (notifications sent meanwhile are lost, so a listener should look for itself);
   * on PGlite its own listen. Returns the function that stops listening.
   */
  listen(channel: string, onNotify: (payload?: string) => void, onError?: (error: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Sql.asUser for both implementations: one scoped transaction per statement. */
export function scopedReads(sql: Pick<Sql, 'transaction'>, userId: string): SqlExecutor {
  const scope: DbScope = { role: 'api', userId };
  scopeStatement(scope); // refuse a malformed id now, not at the first query
  return {
    query: (text, params) => sql.transaction((tx) => tx.query(text, params), scope),
    exec: (statements) => sql.transaction((tx) => tx.exec(statements), scope),
  };
}

/** Postgres type oids whose parsing we unify. */
export const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

export const toNumber = (value: string): number => Number(value);
export const keepText = (value: string): string => value;
