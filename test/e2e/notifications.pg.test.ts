import { randomUUID } from 'node:crypto';
import { Client as WsClient, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Client } from 'pg';
import { openTestDatabase, testDatabaseUrl } from '../../src/core/testing/testDatabase';
import { Database } from '../../src/core/db/database';
import { addDays } from '../../src/core/dates';
import { mintToken } from '../../src/server/auth';
import { TEST_SECRET } from '../support/testServer';
import { SpawnedServer, buildServer, post, spawnServer, waitUntil } from '../support/spawnedServer';

/**
 * Notifications across processes: two built servers on one PostgreSQL, each with its log tailer
 * and its notification reactor (they take turns on one checkpoint). A mutation sent to A is
 * pushed to a subscriber on B; a server killed (-9) and restarted leaves every notification in
 * the log and the table exactly once. PostgreSQL only (PGlite is one process).
 */
jest.setTimeout(180_000);

const describePg = process.env.DATABASE_URL ? describe : describe.skip;
/** The job worker has nothing to do here: leave it out of the processes. */
const ENV = { RUN_WORKER: 'false' };

const servers: SpawnedServer[] = [];
const clients: WsClient[] = [];

async function spawn(): Promise<SpawnedServer> {
  const server = await spawnServer(testDatabaseUrl()!, ENV);
  servers.push(server);
  return server;
}

async function kill(server: SpawnedServer): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  for (const server of servers) if (server.alive()) await kill(server);
});

/** The spawned servers run on the real clock: the program starts next week. */
const start = addDays(new Date().toISOString().slice(0, 10), 7);
const ANSWERS = {
  sex: 'MALE', birthDate: '1990-01-01', heightCm: 180, weightKg: 80, goal: 'MAINTENANCE', experience: 'BEGINNER',
  trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45, equipment: ['DUMBBELL', 'BENCH'],
  injuries: [], activityLevel: 'LIGHT', dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'UTC', startDate: start, programWeeks: 4,
};

interface User { id: string; token: string }

async function newUser(): Promise<User> {
  const id = randomUUID();
  return { id, token: await mintToken(TEST_SECRET, id) };
}

/** startConsultation + completeConsultation on a server: one ProgramGenerated, so one program_ready. */
async function completeConsultation(server: SpawnedServer, user: User): Promise<string> {
  const started = await post(server.graphql, 'mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }', { i: ANSWERS }, user.token);
  if (started.body.errors) throw new Error(JSON.stringify(started.body.errors));
  const done = await post(server.graphql, 'mutation($id: UUID!) { completeConsultation(id: $id) { program { id } } }',
    { id: started.body.data!.startConsultation.id }, user.token);
  if (done.body.errors) throw new Error(JSON.stringify(done.body.errors));
  return done.body.data!.completeConsultation.program.id;
}

/** Another program for a user who completed a consultation: another program_ready. */
async function regenerate(server: SpawnedServer, user: User, weeks: number): Promise<string> {
  const answer = await post(server.graphql, 'mutation($i: GenerateProgramInput!) { generateProgram(input: $i) { id } }',
    { i: { startDate: start, weeks } }, user.token);
  if (answer.body.errors) throw new Error(JSON.stringify(answer.body.errors));
  return answer.body.data!.generateProgram.id;
}

/** A subscription to notificationAdded on a server, recording the programIds it receives. */
function subscribe(server: SpawnedServer, user: User): { programs: string[] } {
  const client = createClient({
    url: server.graphql.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${user.token}` }, retryAttempts: 0,
  });
  clients.push(client);
  const programs: string[] = [];
  client.subscribe<{ notificationAdded: { kind: string; programId: string } }>(
    { query: 'subscription { notificationAdded { kind programId } }' },
    { next: (value) => void programs.push(value.data!.notificationAdded.programId), error: () => undefined, complete: () => undefined },
  );
  return { programs };
}

describePg('notifications across server processes (one PostgreSQL)', () => {
  let db: Database;
  let admin: Client;

  beforeAll(async () => {
    db = await openTestDatabase(); // migrated, reset
    await db.close();
    admin = new Client({ connectionString: testDatabaseUrl()! });
    await admin.connect();
    buildServer();
  });
  afterAll(async () => admin?.end());

  it('pushes on B the notification of a mutation sent to A, to its owner only', async () => {
    const [a, b] = [await spawn(), await spawn()];
    const [alice, bob] = [await newUser(), await newUser()];
    const aliceOnB = subscribe(b, alice);
    const bobOnB = subscribe(b, bob);

    // Live once one of the owner's program_ready notifications arrives on B for a mutation on A
    // (a subscription has no acknowledgement: try again rather than guess how long it takes).
    const programsOf = new Map<string, string[]>([[alice.id, []], [bob.id, []]]);
    const made = async (user: User, program: Promise<string>) => {
      const id = await program;
      programsOf.get(user.id)!.push(id);
      return id;
    };
    await made(alice, completeConsultation(a, alice));
    for (let weeks = 5; weeks < 12 && aliceOnB.programs.length === 0; weeks++) {
      await waitUntil("alice's notification reaches B", () => aliceOnB.programs.length > 0, 3_000)
        .catch(() => made(alice, regenerate(a, alice, weeks)));
    }
    await waitUntil("alice's subscription on B is live", () => aliceOnB.programs.length > 0);
    await made(bob, completeConsultation(a, bob));
    await waitUntil("bob's subscription on B is live", () => bobOnB.programs.length > 0);

    // Alice's, then Bob's: pushes follow the log, so Alice's would reach Bob first, were it sent to him.
    const alices = await made(alice, regenerate(a, alice, 6));
    const bobs = await made(bob, regenerate(a, bob, 6));
    await waitUntil('bob receives his new notification on B', () => bobOnB.programs.includes(bobs));
    await waitUntil('alice receives hers on B', () => aliceOnB.programs.includes(alices));
    expect(bobOnB.programs).not.toContain(alices);
    expect(bobOnB.programs.every((id) => programsOf.get(bob.id)!.includes(id))).toBe(true);
    expect(aliceOnB.programs.every((id) => programsOf.get(alice.id)!.includes(id))).toBe(true);
    for (const server of [a, b]) expect(server.output()).not.toMatch(/"level":(50|60)/); // no error logged
  });

  it('makes every notification exactly once when a server is killed (-9) mid-way and restarted', async () => {
    const running = servers.filter((s) => s.alive());
    const [a, b] = running.length >= 2 ? running : [await spawn(), await spawn()];
    const users = await Promise.all(Array.from({ length: 6 }, newUser));
    // Load on A while B is killed, and later A itself.
    const load = Promise.allSettled(users.map(async (user, i) => {
      await completeConsultation(a, user);
      for (let weeks = 4; weeks < 7; weeks++) await regenerate(a, user, weeks + i);
    }));
    await waitUntil('some programs are generated', async () =>
      (await admin.query(`SELECT count(*)::int AS n FROM plan_change_events WHERE event_type = 'ProgramGenerated'`)).rows[0].n >= 8);
    await kill(b);
    const b2 = await spawn();
    await load;
    await kill(a);
    // New work while only B2 is up, then A back.
    await completeConsultation(b2, await newUser());
    await spawn();

    const counts = async () => (await admin.query<{ generated: number; notified: number; events: number; streams: number; rows: number; sources: number }>(
      `SELECT (SELECT count(*)::int FROM plan_change_events WHERE event_type = 'ProgramGenerated') AS generated,
              (SELECT count(*)::int FROM notifications WHERE kind = 'program_ready') AS notified,
              (SELECT count(*)::int FROM plan_change_events WHERE event_type = 'NotificationCreated') AS events,
              (SELECT count(DISTINCT stream_id)::int FROM plan_change_events WHERE event_type = 'NotificationCreated') AS streams,
              (SELECT count(*)::int FROM notifications) AS rows,
              (SELECT count(DISTINCT source_position)::int FROM notifications) AS sources`)).rows[0];
    await waitUntil('every program has its notification', async () => {
      const c = await counts();
      return c.notified >= c.generated;
    }, 60_000);
    const c = await counts();
    expect(c.generated).toBeGreaterThanOrEqual(8);
    expect(c).toEqual({ generated: c.generated, notified: c.generated, events: c.generated, streams: c.generated, rows: c.generated, sources: c.generated });
    // Each ProgramGenerated is the source of exactly one notification, its owner's.
    const { rows: unmatched } = await admin.query(
      `SELECT e.global_position FROM plan_change_events e
       LEFT JOIN notifications n ON n.source_position = e.global_position AND n.user_id = e.user_id
       WHERE e.event_type = 'ProgramGenerated' AND n.id IS NULL`);
    expect(unmatched).toEqual([]);
  });
});
