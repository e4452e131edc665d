import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { quickAddJob } from 'graphile-worker';
import { openSecondConnection, resetData, testDatabaseUrl } from '../../src/core/testing/testDatabase';
import { testServices } from '../../src/core/testing/testServices';
import { Jobs, startJobs } from '../../src/jobs/jobs';
import { startTestServer, TestServer } from '../support/testServer';

/** The sweep on graphile-worker, with two worker processes' worth of runners on one PostgreSQL. */
const url = testDatabaseUrl();
const describePg = url ? describe : describe.skip;

describePg('scheduled sweep on the PostgreSQL job queue', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.stop());

  it('fans the sweep out to two workers, which close every due day once', async () => {
    await resetData(t.db);
    t.clock.set('2026-03-02T09:00:00.000Z');
    const answers = {
      sex: 'MALE', birthDate: '1990-01-01', heightCm: 180, weightKg: 80, goal: 'MAINTENANCE', experience: 'BEGINNER',
      trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45, equipment: ['DUMBBELL', 'BENCH'],
      injuries: [], activityLevel: 'LIGHT', dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'Europe/Berlin',
      startDate: '2026-03-02', programWeeks: 4,
    };
    const users = 6;
    for (let i = 0; i < users; i++) {
      const token = await t.token(randomUUID());
      const started = await t.gql(`mutation($i: ConsultationAnswersInput) { startConsultation(input: $i) { id } }`, { i: answers }, token);
      const done = await t.gql(`mutation($id: UUID!) { completeConsultation(id: $id) { program { id } } }`, { id: started.data!.startConsultation.id }, token);
      expect(done.errors).toBeUndefined();
    }
    t.clock.set('2026-03-05T08:00:00.000Z'); // the 2nd, 3rd and 4th are over in Berlin
    const secondDb = (await openSecondConnection())!;
    const logger = pino({ level: 'silent' });
    const workers: Jobs[] = [];
    try {
      workers.push(await startJobs(t.services, logger, url!));
      workers.push(await startJobs(testServices(secondDb, t.clock), logger, url!));
      await quickAddJob({ connectionString: url! }, 'adherence_sweep', {});
      const expected = users * 3;
      const closed = async () => (await t.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM adherence_closed_days')).rows[0].n;
      const deadline = Date.now() + 60_000;
      while ((await closed()) < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await closed()).toBe(expected);
      const { rows } = await t.db.sql.query<{ n: number; streams: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT stream_id)::int AS streams FROM plan_change_events WHERE event_type = 'AdherenceDayClosed'`);
      expect(rows[0]).toEqual({ n: expected, streams: expected });
    } finally {
      for (const worker of workers) await worker.stop();
      await secondDb.close();
    }
  });
});
