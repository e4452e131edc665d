import { resetData } from '../../src/core/testing/testDatabase';
import { rebuildProjections } from '../../src/core/projections/rebuild';
import { DayAnalyzer, runAdjustmentSweep } from '../../src/adjustments/sweep';
import { AdjustmentProposal, DayAnalysisInputs } from '../../src/adjustments/contracts';
import { startTestServer, TestServer } from '../support/testServer';

/**
 * The nightly adjustment sweep over real programs, with a stand-in analysis (the rules have
 * their own tests): each user's own local day, once, safe to repeat and to run twice at once.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());

const ANSWERS = {
  sex: 'MALE', birthDate: '1990-01-01', heightCm: 180, weightKg: 80, goal: 'MAINTENANCE', experience: 'BEGINNER',
  trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45, equipment: ['DUMBBELL', 'BENCH'],
  injuries: [], activityLevel: 'LIGHT', dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, startDate: '2026-03-02', programWeeks: 4,
};

async function user(timeZone: string, mode?: 'OFF' | 'AUTO') {
  const { userId, token, programId } = await t.userWithProgram({ ...ANSWERS, timeZone });
  if (mode) expect((await t.gql(`mutation { setAdjustmentPolicy(mode: ${mode}) { mode } }`, {}, token)).errors).toBeUndefined();
  return { userId, programId };
}

/** A stand-in analysis: a nutrition change for every day, its inputs hash `hash`. */
function analyzer(hash: string, calls: string[] = []): DayAnalyzer {
  return async (services, userId, date) => {
    calls.push(`${userId}|${date}`);
    const { rows } = await services.db.sql.query<{ id: string }>('SELECT id FROM programs WHERE user_id = $1', [userId]);
    const proposal: AdjustmentProposal = {
      overrideType: 'nutrition', trainingOverride: null, nutritionOverride: { kcal: 2500, proteinG: 150, carbsG: 300, fatG: 70 },
      confidence: 0.6, reasons: [{ code: 'test', message: 'A test change.' }], rulesVersion: 1, inputsHash: hash,
    };
    return { inputs: { userId, date, programId: rows[0]?.id ?? null } as DayAnalysisInputs, proposal };
  };
}

const overrides = async () => (await t.db.sql.query<{ user_id: string; date: string; status: string; trigger: string }>(
  `SELECT user_id, date, status, trigger FROM day_overrides ORDER BY user_id, created_at`)).rows;
const proposedCount = async () => (await t.db.sql.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM plan_change_events WHERE event_type = 'DayOverrideProposed'`)).rows[0].n;

describe('adjustment sweep', () => {
  beforeEach(async () => {
    await resetData(t.db);
    t.clock.set('2026-03-02T09:00:00.000Z');
  });

  it("analyzes each user's own local day once, leaves OFF users alone, and is a no-op when repeated", async () => {
    const london = await user('Europe/London');
    const auckland = await user('Pacific/Auckland', 'AUTO');
    const angeles = await user('America/Los_Angeles');
    await user('Europe/London', 'OFF');
    // 12:00 UTC: the 3rd in London, already the 4th in Auckland (01:00), still the 3rd in Los Angeles (04:00).
    const now = new Date('2026-03-03T12:00:00.000Z');
    t.clock.set(now.toISOString());
    const calls: string[] = [];
    expect(await runAdjustmentSweep(t.services, now, { analyze: analyzer('h1', calls) })).toEqual({ analyzed: 3, changed: 3, zones: 3 });
    expect(calls.sort()).toEqual([`${london.userId}|2026-03-03`, `${auckland.userId}|2026-03-04`, `${angeles.userId}|2026-03-03`].sort());
    const rows = await overrides();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.trigger === 'sweep')).toBe(true);
    expect(rows.find((r) => r.user_id === auckland.userId)).toMatchObject({ date: '2026-03-04', status: 'pending' }); // 0.6 < 0.8: asks

    // Again the same day: the ledger says done.
    expect(await runAdjustmentSweep(t.services, now, { analyze: analyzer('h1') })).toEqual({ analyzed: 0, changed: 0, zones: 0 });
    // Without the ledger (a lost write, a second worker): analyzed again, nothing appended.
    await t.db.sql.query('DELETE FROM adjustment_sweeps');
    const before = await t.eventCount();
    expect(await runAdjustmentSweep(t.services, now, { analyze: analyzer('h1') })).toEqual({ analyzed: 3, changed: 0, zones: 3 });
    expect(await t.eventCount()).toBe(before);

    // The next local day of London and Los Angeles.
    const later = new Date('2026-03-04T12:00:00.000Z');
    t.clock.set(later.toISOString());
    expect(await runAdjustmentSweep(t.services, later, { analyze: analyzer('h1') })).toMatchObject({ analyzed: 3 });
    expect((await overrides()).filter((r) => r.date === '2026-03-04')).toHaveLength(3);
  });

  it('appends one proposal per user when two sweeps of the same bucket run at once', async () => {
    const users = await Promise.all([user('Europe/London'), user('Europe/London'), user('Europe/Berlin')]);
    const now = new Date('2026-03-03T12:00:00.000Z');
    t.clock.set(now.toISOString());
    await Promise.all([
      runAdjustmentSweep(t.services, now, { analyze: analyzer('h1') }),
      runAdjustmentSweep(t.services, now, { analyze: analyzer('h1') }),
    ]);
    expect(await proposedCount()).toBe(users.length);
    // New inputs, two sweeps at once: each pending proposal is superseded once.
    await t.db.sql.query('DELETE FROM adjustment_sweeps');
    await Promise.all([
      runAdjustmentSweep(t.services, now, { analyze: analyzer('h2') }),
      runAdjustmentSweep(t.services, now, { analyze: analyzer('h2') }),
    ]);
    expect(await proposedCount()).toBe(2 * users.length);
    const statuses = (await overrides()).map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(users.length).fill('pending'), ...Array(users.length).fill('superseded')].sort());
  });

  it('shares the users among buckets without overlap', async () => {
    await Promise.all(Array.from({ length: 6 }, () => user('Europe/London')));
    const now = new Date('2026-03-03T12:00:00.000Z');
    t.clock.set(now.toISOString());
    const calls: string[] = [];
    const results = await Promise.all([0, 1, 2].map((bucket) => runAdjustmentSweep(t.services, now, { bucket, buckets: 3, analyze: analyzer('h1', calls) })));
    expect(results.reduce((n, r) => n + r.analyzed, 0)).toBe(6);
    expect(new Set(calls).size).toBe(6);
  });

  it('leaves its ledger alone in a projection rebuild, which still succeeds after a sweep', async () => {
    await user('Europe/London');
    const now = new Date('2026-03-03T12:00:00.000Z');
    t.clock.set(now.toISOString());
    await runAdjustmentSweep(t.services, now, { analyze: analyzer('h1') });
    const ledger = (await t.db.sql.query('SELECT * FROM adjustment_sweeps')).rows;
    expect(ledger.length).toBeGreaterThan(0);
    await rebuildProjections(t.db.sql, t.services.registry);
    expect((await t.db.sql.query('SELECT * FROM adjustment_sweeps')).rows).toEqual(ledger);
    expect(await proposedCount()).toBe(1);
    expect(await overrides()).toHaveLength(1);
  });
});
