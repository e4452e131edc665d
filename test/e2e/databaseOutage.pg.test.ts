import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Database } from '../../src/core/db/database';
import { openTestDatabase, resetData } from '../../src/core/testing/testDatabase';
import { mintToken } from '../../src/server/auth';
import { TEST_SECRET } from '../support/testServer';
import {
  Load, SpawnedServer, buildServer, missingAcknowledged, post, readyStatus, spawnServer, terminateBackends, waitUntil,
} from '../support/spawnedServer';

/**
 * The built server against a database that goes away: its backends terminated under load, a
 * real restart and stop of a throwaway cluster, and the server itself killed (-9) or stopped
 * (SIGTERM) under load. Every acknowledged mutation must be in the log. PostgreSQL only; other
 * agents share the server on 5432, so only this test's own backends (its database and
 * application_name) are terminated, and the restart happens on a cluster this test starts.
 */
jest.setTimeout(120_000);

const describePg = process.env.DATABASE_URL ? describe : describe.skip;
const APPLICATION = `coach-outage-${process.pid}`;
/** The scenario: eight clients writing and reading. */
const CLIENTS = 8;
/** Acknowledged requests that show the server is serving (again). */
const SERVING = 20;

let server: SpawnedServer | null = null;
let load: Load | null = null;

afterEach(async () => {
  await load?.stop();
  load = null;
  if (server?.alive()) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  server = null;
});

/** Whatever failed was the retryable UNAVAILABLE, never a masked INTERNAL_SERVER_ERROR. */
function unexpectedErrors(): unknown[] {
  return load!.errors.filter((error) => error.code !== 'UNAVAILABLE' || error.retryable !== true);
}

async function servesAgain(): Promise<void> {
  const before = load!.acks;
  await waitUntil('the server serves again (or dies)', () => load!.acks >= before + SERVING || !server!.alive());
  expect(server!.alive()).toBe(true);
}

describePg('the server and its PostgreSQL', () => {
  let db: Database;
  let admin: Client;
  let appUrl: string;

  beforeAll(async () => {
    buildServer();
    db = await openTestDatabase(); // this worker's database, created and migrated
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${url.pathname.slice(1) || 'test'}_w${process.env.JEST_WORKER_ID ?? '0'}`; // as openTestDatabase names it
    admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    url.searchParams.set('application_name', APPLICATION);
    appUrl = url.toString();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.close();
  });
  beforeEach(async () => resetData(db));

  it('rides out its backends being terminated under load: UNAVAILABLE (retryable) in flight, then serves again', async () => {
    server = await spawnServer(appUrl);
    load = new Load(server.graphql, CLIENTS).start();
    await waitUntil('the load runs', () => load!.acks >= SERVING);
    let terminated = 0;
    for (let round = 0; round < 3; round++) {
      terminated += await terminateBackends(admin, APPLICATION);
      await servesAgain();
    }
    await load.stop();

    expect(terminated).toBeGreaterThan(0);
    expect(server.alive()).toBe(true);
    expect(unexpectedErrors()).toEqual([]);
    expect(load.networkFailures).toBe(0);
    expect(await readyStatus(server)).toBe(200);
    expect(await missingAcknowledged(admin, load.acked)).toEqual([]);
  });

  it('loses no acknowledged mutation when stopped with SIGTERM under load, and exits 0', async () => {
    server = await spawnServer(appUrl);
    load = new Load(server.graphql, CLIENTS).start();
    await waitUntil('the load runs', () => load!.acks >= 2 * SERVING);
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    await load.stop();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(load.errors).toEqual([]); // in-flight requests finish before the database closes
    expect(await missingAcknowledged(admin, load.acked)).toEqual([]);
  });

  it('loses no acknowledged mutation when killed with -9 mid-update, and starts again on the same data', async () => {
    server = await spawnServer(appUrl);
    load = new Load(server.graphql, CLIENTS).start();
    await waitUntil('the load runs', () => load!.acks >= 2 * SERVING);
    server.child.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await load.stop();
    // PostgreSQL rolls back the killed server's open transactions when it sees the sockets close.
    await waitUntil('the killed server has no backends left', async () =>
      (await admin.query('SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [APPLICATION])).rowCount === 0);

    expect(load.acks).toBeGreaterThanOrEqual(2 * SERVING);
    expect(await missingAcknowledged(admin, load.acked)).toEqual([]);

    server = await spawnServer(appUrl);
    expect(await readyStatus(server)).toBe(200);
  });
});

/** The newest PostgreSQL server binaries on the machine (Debian layout), or null. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

const PG_BIN = postgresBin();
const AS_ROOT = process.getuid?.() === 0;
const describeCluster = process.env.DATABASE_URL && PG_BIN ? describe : describe.skip;
if (process.env.DATABASE_URL && !PG_BIN) {
  console.warn('skipping the real PostgreSQL restart test: no initdb/pg_ctl under /usr/lib/postgresql/<version>/bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL cluster of this test's own, in a temporary folder, that it may restart and stop. */
class ThrowawayCluster {
  private constructor(readonly dir: string, readonly port: number) {}

  static async create(): Promise<ThrowawayCluster> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'coach-pg-'));
    if (AS_ROOT) {
      // initdb refuses to run as root: the cluster belongs to the postgres user.
      const { stdout: uid } = await promisify(execFile)('id', ['-u', 'postgres']);
      const { stdout: gid } = await promisify(execFile)('id', ['-g', 'postgres']);
      chownSync(dir, Number(uid), Number(gid));
    }
    const cluster = new ThrowawayCluster(dir, await freePort());
    await cluster.run('initdb', ['-D', cluster.data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    await cluster.ctl('start');
    return cluster;
  }

  get data(): string {
    return path.join(this.dir, 'data');
  }

  url(application: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres?application_name=${application}`;
  }

  /** pg_ctl start | restart | stop, waiting until done; fast mode terminates every backend. */
  ctl(action: 'start' | 'restart' | 'stop', mode: 'fast' | 'immediate' = 'fast') {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    return this.run('pg_ctl', ['-D', this.data, '-l', path.join(this.dir, 'log'), '-w', '-t', '60', '-m', mode, '-o', options, action]);
  }

  async destroy(): Promise<void> {
    await this.ctl('stop', 'immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async run(program: string, args: string[]): Promise<void> {
    const binary = path.join(PG_BIN!, program);
    const [command, argv] = AS_ROOT ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
    await promisify(execFile)(command, argv, { cwd: this.dir });
  }
}

describeCluster('the server across a real PostgreSQL restart and outage (a throwaway cluster)', () => {
  let cluster: ThrowawayCluster | null = null;
  let admin: Client | null = null;

  beforeAll(() => buildServer());
  afterAll(async () => {
    await admin?.end();
    await cluster?.destroy();
  });

  it('survives a restart under load, reports not ready while the database is away, and serves again on its own', async () => {
    cluster = await ThrowawayCluster.create();
    server = await spawnServer(cluster.url(APPLICATION)); // migrates and seeds the new cluster
    load = new Load(server.graphql, CLIENTS).start();
    await waitUntil('the load runs', () => load!.acks >= SERVING);

    await cluster.ctl('restart');
    await servesAgain();

    const known = await mintToken(TEST_SECRET, randomUUID());
    const started = await post(server.graphql, 'mutation { startConsultation { id } }', {}, known);
    expect(started.body.errors).toBeUndefined();
    const id = started.body.data!.startConsultation.id as string;
    await load.stop();

    await cluster.ctl('stop');
    await waitUntil('/readyz reports not ready', async () => (await readyStatus(server!)) === 503);
    const update = await post(server.graphql, 'mutation($id: UUID!) { updateConsultation(id: $id, input: { heightCm: 171 }) { version } }', { id }, known);
    expect(update.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'UNAVAILABLE', retryable: true }]);
    const stranger = await mintToken(TEST_SECRET, randomUUID()); // registering a first-time caller needs the database
    const refused = await post(server.graphql, '{ myConsultations { id } }', {}, stranger);
    expect(refused.status).toBe(503);
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAVAILABLE']);

    await cluster.ctl('start');
    await waitUntil('/readyz reports ready again', async () => (await readyStatus(server!)) === 200);
    const again = await post(server.graphql, '{ myConsultations { id } }', {}, stranger);
    expect(again.body).toEqual({ data: { myConsultations: [] } });

    expect(server.alive()).toBe(true);
    expect(unexpectedErrors()).toEqual([]);
    admin = new Client({ connectionString: cluster.url('coach-outage-check') });
    await admin.connect();
    expect(await missingAcknowledged(admin, load.acked)).toEqual([]);
  });
});
