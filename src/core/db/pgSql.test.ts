import { Client } from 'pg';
import { Database, openDatabase } from './database';
import { openTestDatabase } from '../testing/testDatabase';
import { isConnectionError } from './connectionErrors';

/**
 * A PostgreSQL restart or failover terminates every backend. A connection checked out of the
 * pool (a transaction between two statements) used to have no 'error' listener, and the
 * termination notice crashed the process. Only our own backends are terminated: this test's
 * database and application_name (other agents share the server).
 */
const describePg = process.env.DATABASE_URL ? describe : describe.skip;
const APPLICATION = `pgsql-test-${process.pid}`;

describePg('pgSql on PostgreSQL', () => {
  let setup: Database;
  let db: Database;
  let admin: Client;
  let url: URL;

  beforeAll(async () => {
    setup = await openTestDatabase(); // creates and migrates this worker's database
    url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${url.pathname.slice(1) || 'test'}_w${process.env.JEST_WORKER_ID ?? '0'}`; // as openTestDatabase names it
    admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    const appUrl = new URL(url.toString());
    appUrl.searchParams.set('application_name', APPLICATION);
    db = await openDatabase({ kind: 'postgres', url: appUrl.toString(), poolSize: 2 });
  });
  afterAll(async () => {
    await db?.close();
    await admin?.end();
    await setup?.close();
  });

  /** Terminates this test's backends and waits until they are gone (so their notice was sent). */
  async function terminateOurBackends(): Promise<number> {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
      [APPLICATION],
    );
    const pids = rows.map((row) => row.pid);
    if (pids.length === 0) return 0;
    await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    for (;;) {
      const left = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])', [pids]);
      if (left.rowCount === 0) return pids.length;
    }
  }

  it('survives the backend of an open transaction being terminated, and serves again from a fresh connection', async () => {
    let terminated = 0;
    const failure = await db.sql
      .transaction(async (tx) => {
        await tx.query('SELECT 1');
        terminated = await terminateOurBackends();
        // One more round trip on another connection: the termination notice has been read by now.
        await admin.query('SELECT 1');
        await tx.query('SELECT 1');
      })
      .then(() => null, (error: unknown) => error);
    expect(terminated).toBeGreaterThan(0);
    expect(failure).not.toBeNull();
    expect(isConnectionError(failure)).toBe(true);

    const { rows } = await db.sql.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('survives Prisma transactions and pooled queries losing their backends', async () => {
    const failure = await db.prisma
      .$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        await terminateOurBackends();
        await admin.query('SELECT 1');
        await tx.$queryRaw`SELECT 1`;
      })
      .then(() => null, (error: unknown) => error);
    expect(failure).not.toBeNull();
    expect(isConnectionError(failure)).toBe(true);
    await expect(db.prisma.$queryRaw`SELECT 1 AS one`).resolves.toEqual([{ one: 1 }]);
  });
});

describe('isConnectionError', () => {
  const pgError = (code: string) => Object.assign(new Error('x'), { code, severity: 'FATAL' });
  it.each([
    ['an administrator termination', pgError('57P01')],
    ['a crash shutdown', pgError('57P02')],
    ['a server starting up', pgError('57P03')],
    ['a connection exception', pgError('08006')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['a dead client', new Error('Client has encountered a connection error and is not queryable')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a wrapped cause', Object.assign(new Error('outer'), { cause: pgError('57P01') })],
    ['a Prisma adapter error', Object.assign(new Error('prisma'), { code: 'P1017' })],
  ])('recognises %s', (_name, error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['a syntax error', pgError('42601')],
    ['a plain error', new Error('boom')],
    ['a non-error', 'text'],
  ])('does not take %s for an outage', (_name, error) => {
    expect(isConnectionError(error)).toBe(false);
  });
});
