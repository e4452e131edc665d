/**
 * Recognises the errors of a database that is away (restart, failover, network), as opposed
 * to errors of the statement itself. They are worth retrying once the database is back.
 */

/** SQLSTATEs of a lost or refused connection (PostgreSQL appendix A): class 08 and these. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown or restart
  '57P02', // crash_shutdown: another backend crashed, the server restarts
  '57P03', // cannot_connect_now: the server is starting up or shutting down
]);

/** Socket errors node reports when the server cannot be reached or goes away. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * Prisma's codes for the same (prisma.io/docs/orm/reference/error-reference): P1001 can't reach
 * the server, P1002 timed out, P1008 operation timed out, P1017 the server closed the connection.
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);

/** The kinds @prisma/adapter-pg gives socket errors (its convertDriverError). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);

/** node-postgres and pg-pool raise these without a code. */
const MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^terminating connection due to administrator command/,
];

function matches(value: Record<string, unknown>): boolean {
  const code = typeof value.code === 'string' ? value.code : typeof value.originalCode === 'string' ? value.originalCode : undefined;
  if (code && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || SOCKET_CODES.has(code) || PRISMA_CODES.has(code))) return true;
  if (typeof value.kind === 'string' && ADAPTER_KINDS.has(value.kind)) return true;
  const message = typeof value.message === 'string' ? value.message : '';
  return MESSAGES.some((pattern) => pattern.test(message));
}

/** True when the error, or any error it wraps (cause, originalError, Prisma's meta), is an outage. */
export function isConnectionError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const value = queue.shift();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (matches(record)) return true;
    const meta = record.meta as Record<string, unknown> | undefined;
    queue.push(record.cause, record.originalError, meta?.driverAdapterError, ...(Array.isArray(record.errors) ? record.errors : []));
  }
  return false;
}
