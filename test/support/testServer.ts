import { randomUUID } from 'node:crypto';
import pino, { Logger } from 'pino';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { Database } from '../../src/core/db/database';
import { openTestDatabase } from '../../src/core/testing/testDatabase';
import { FixedClock, testServices } from '../../src/core/testing/testServices';
import { RunningServer, startServer } from '../../src/server/app';
import { mintToken } from '../../src/server/auth';
import { Services } from '../../src/services';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestServer {
  server: RunningServer;
  db: Database;
  services: Services;
  clock: FixedClock;
  url: string;
  token(userId: string, options?: { expiresIn?: string; secret?: string }): Promise<string>;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  ws(connectionParams?: Record<string, unknown>): Client;
  eventCount(): Promise<number>;
  /**
   * A new user who completed a consultation with these answers over HTTP (so a program was
   * generated); throws with the errors when either mutation fails.
   */
  userWithProgram(answers: Record<string, unknown>): Promise<{ userId: string; token: string; programId: string; targetKcal: number }>;
  stop(): Promise<void>;
}

/** The real server on a random port, over the test database, with a fixed clock. */
export async function startTestServer(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestServer> {
  const db = await openTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00.000Z'));
  const services = testServices(db, clock);
  // The notification reactor appends events of its own: only the tests that ask for it run it.
  const config = loadConfig({
    NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', RUN_NOTIFICATION_REACTOR: 'false', ...env,
  });
  const server = await startServer(config, services, options.logger ?? pino({ level: 'silent' }));
  const url = `http://127.0.0.1:${server.port}/graphql`;
  const clients: Client[] = [];
  const self: TestServer = {
    server, db, services, clock, url,
    token: (userId, options = {}) => mintToken(options.secret ?? TEST_SECRET, userId, { expiresIn: options.expiresIn }),
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`non-JSON answer ${response.status}: ${text.slice(0, 200)}`);
      }
      return { status: response.status, ...body } as GraphQLResponse<any>;
    },
    ws(connectionParams) {
      const client = createClient({
        url: url.replace('http', 'ws'),
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      return client;
    },
    async userWithProgram(answers) {
      const userId = randomUUID();
      const token = await mintToken(TEST_SECRET, userId);
      const started = await self.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: answers }, token);
      if (started.errors) throw new Error(`startConsultation failed: ${JSON.stringify(started.errors)}`);
      const done = await self.gql(`mutation($id: UUID!) { completeConsultation(id: $id) { program { id targets { kcal } } } }`, { id: started.data!.startConsultation.id }, token);
      if (done.errors) throw new Error(`completeConsultation failed: ${JSON.stringify(done.errors)}`);
      const program = done.data!.completeConsultation.program;
      return { userId, token, programId: program.id as string, targetKcal: program.targets.kcal as number };
    },
    async eventCount() {
      return (await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_change_events')).rows[0].n;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.dispose()));
      await server.stop();
      await db.close();
    },
  };
  return self;
}

/**
 * Runs a request and counts the SQL statements it sends: the unscoped ones and those read as the
 * caller (Sql.asUser, row-level security). The log tailer's polling and the wake-up NOTIFY sent
 * after a commit (asynchronously, off the request's path) are not part of a request.
 */
export async function countStatements<T>(db: Database, run: () => Promise<T>): Promise<{ result: T; count: number }> {
  const sql = db.sql;
  const query = sql.query.bind(sql);
  const asUser = sql.asUser.bind(sql);
  let count = 0;
  sql.query = ((text: string, params?: readonly unknown[]) => {
    if (!text.includes('pg_snapshot_xmin') && !text.includes('pg_notify')) count++;
    return query(text, params);
  }) as typeof sql.query;
  sql.asUser = (userId: string) => {
    const scoped = asUser(userId);
    return {
      ...scoped,
      query: ((text: string, params?: readonly unknown[]) => {
        count++;
        return scoped.query(text, params);
      }) as typeof scoped.query,
    };
  };
  try {
    const result = await run();
    return { result, count };
  } finally {
    sql.query = query;
    sql.asUser = asUser;
  }
}
