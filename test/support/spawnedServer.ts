import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../../src/paths';
import { mintToken } from '../../src/server/auth';
import { TEST_SECRET } from './testServer';
import { waitUntil as waitFor } from '../../src/core/testing/waitUntil';

/**
 * The built server (`node dist/src/main.js`) as a child process, for what an in-process server
 * cannot show: a crash, a kill -9, a SIGTERM. Plus a load of clients and the checks that every
 * acknowledged mutation is in the log.
 */

let built = false;

/** Builds dist/ once per test file, as the smoke test does. */
export function buildServer(): void {
  if (built) return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  built = true;
}

export interface SpawnedServer {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  graphql: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

export async function spawnServer(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<SpawnedServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'warn', NODE_ENV: 'development', SEED_DEMO: 'false', ...extraEnv,
  };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const graphql = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start; output:\n${output}`)), 60_000);
    const check = () => {
      const match = /GraphiQL:\s+(http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]);
    };
    child.stdout!.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening; output:\n${output}`));
    });
  });
  return {
    child,
    base: graphql.replace(/\/graphql$/, ''),
    graphql,
    output: () => output,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

/** waitUntil with the longer default a spawned process needs (it builds, starts, migrates). */
export function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  return waitFor(what, condition, timeoutMs, 20);
}

export async function readyStatus(server: SpawnedServer): Promise<number> {
  try {
    return (await fetch(`${server.base}/readyz`)).status;
  } catch {
    return 0;
  }
}

type Answer = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };

export async function post(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<{ status: number; body: Answer }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

const START = `mutation($key: String) { startConsultation(idempotencyKey: $key, input: { heightCm: 170 }) { id version } }`;
const UPDATE = `mutation($id: UUID!, $key: String, $h: Float) { updateConsultation(id: $id, idempotencyKey: $key, input: { heightCm: $h }) { id version } }`;
const READ = `query($id: UUID!) { consultation(id: $id) { id version answers { heightCm } } }`;

/**
 * Clients that each start a consultation, then alternate an update and a read, as fast as the
 * server answers. A request that fails is retried with the same idempotency key, as a client
 * told "retryable" would. Records the highest acknowledged version of every consultation.
 */
export class Load {
  /** consultation id -> highest version the server acknowledged. */
  readonly acked = new Map<string, number>();
  readonly errors: Array<{ status: number; code: string; retryable: unknown }> = [];
  networkFailures = 0;
  acks = 0;
  private stopping = false;
  private running: Promise<void> | null = null;

  constructor(private readonly url: string, private readonly clients: number) {}

  start(): this {
    this.running = Promise.all(Array.from({ length: this.clients }, () => this.client())).then(() => undefined);
    return this;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async client(): Promise<void> {
    const userId = randomUUID();
    const token = await mintToken(TEST_SECRET, userId);
    let id: string | null = null;
    for (let step = 0; !this.stopping; ) {
      const reading = id !== null && step % 2 === 1;
      try {
        const { status, body } = id === null
          ? await post(this.url, START, { key: `${userId}-start` }, token)
          : reading
            ? await post(this.url, READ, { id }, token)
            : await post(this.url, UPDATE, { id, key: `${userId}-${step}`, h: 150 + (step % 50) }, token);
        if (body.errors?.length) {
          for (const error of body.errors) {
            this.errors.push({ status, code: String(error.extensions?.code), retryable: error.extensions?.retryable });
          }
          continue; // retry the same step
        }
        const result = body.data!.startConsultation ?? body.data!.updateConsultation;
        if (result) {
          id = result.id as string;
          this.acked.set(id, Math.max(this.acked.get(id) ?? 0, result.version as number));
          this.acks++;
        }
        step++;
      } catch {
        this.networkFailures++;
        await new Promise((resolve) => setTimeout(resolve, 10)); // the server is gone: do not spin
      }
    }
  }
}

/**
 * Every acknowledged version is in the log, and each consultation's read model is at the
 * log's version (events and inline projections committed together). Returns the problems.
 */
export async function missingAcknowledged(admin: Client, acked: Map<string, number>): Promise<string[]> {
  const ids = [...acked.keys()];
  const { rows } = await admin.query<{ id: string; version: number | null; logged: number | null }>(
    `SELECT i.id::text AS id, c.version,
            (SELECT max(stream_version) FROM plan_change_events e WHERE e.stream_id = 'consultation-' || i.id) AS logged
       FROM unnest($1::uuid[]) AS i(id) LEFT JOIN consultation_sessions c ON c.id = i.id`,
    [ids],
  );
  const problems: string[] = [];
  for (const row of rows) {
    const want = acked.get(row.id)!;
    if (row.logged === null || row.logged < want) problems.push(`${row.id}: acknowledged v${want}, log has v${row.logged}`);
    if (row.version !== row.logged) problems.push(`${row.id}: read model v${row.version}, log v${row.logged}`);
  }
  return problems;
}

/** Terminates only this database's backends of one application, and waits until they are gone. */
export async function terminateBackends(admin: Client, application: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
    [application],
  );
  const pids = rows.map((row) => row.pid);
  if (pids.length === 0) return 0;
  await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
  await waitUntil('the terminated backends are gone', async () =>
    (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])', [pids])).rowCount === 0);
  return pids.length;
}
