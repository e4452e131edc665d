import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { ProjectionRegistry } from '../src/core/projections/registry';
import { rebuildProjections } from '../src/core/projections/rebuild';
import { resetData } from '../src/core/testing/testDatabase';
import { NotificationReactor } from '../src/notifications/notificationReactor';
import { PROJECTIONS, createServices } from '../src/services';
import { runSimulation } from '../src/simulation/runner';
import { openBenchDatabase } from './eventStore.bench';
import { BenchModule, fmtRate, table } from './support';

/*
 * Projection rebuild speed over a large log (issue #9's target: at least 20,000 events/s over at
 * least 1,000,000 events), on PostgreSQL (database `<BENCH_DATABASE>_rebuild` on DATABASE_URL's
 * server, so it never resets the other benches' data).
 *
 * The log: BENCH_REBUILD_PEOPLE (100) synthetic people run through 16 weeks by the simulation
 * (src/simulation/runner.ts: profile, consultation, program, daily context with the daily
 * adjustment analysis, meal logs with adherence, bi-weekly reassessments, through the real
 * command handlers), then the notification reactor drained (the notifications those events
 * raise). That real log is then copied, in SQL, until it holds BENCH_REBUILD_EVENTS (1,000,000):
 * copy k rewrites every UUID in the stream id, user id, program id, data and metadata by setting
 * its first 8 hex digits to k (consistent within a copy, distinct across copies: the other 24 hex
 * digits of a random UUID keep ids unique), so every copy is another set of people with the same
 * history, appended after the original in its order. With BENCH_REBUILD_REUSE=1 a database that
 * already holds the asked-for events is reused.
 *
 * Timed: rebuildProjections (what `npm run projections:rebuild` runs), batch 1000, in one
 * transaction, as the projector role.
 */

const START = '2031-01-06';
const UUID_PREFIX = '[0-9a-f]{8}(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

/** One copy of the first `base` events with its UUIDs' first 8 hex digits set to k. */
const copySql = (k: number, base: number): string => {
  const prefix = k.toString(16).padStart(8, '0');
  const rewrite = (expr: string) => `regexp_replace(${expr}, '${UUID_PREFIX}', '${prefix}\\1', 'g')`;
  return `
    INSERT INTO plan_change_events (stream_id, stream_version, event_type, schema_version, data, metadata, user_id, program_id,
                                    idempotency_key, recorded_at)
    SELECT ${rewrite('stream_id')}, stream_version, event_type, schema_version, ${rewrite('data::text')}::jsonb, ${rewrite('metadata::text')}::jsonb,
           ${rewrite('user_id::text')}::uuid, ${rewrite('program_id::text')}::uuid, idempotency_key, recorded_at
    FROM plan_change_events WHERE global_position <= ${base} ORDER BY global_position`;
};

async function run(): Promise<void> {
  const target = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
  const people = Number(process.env.BENCH_REBUILD_PEOPLE ?? 100);
  const name = `${process.env.BENCH_DATABASE || 'bench'}_rebuild`;
  const { db } = await openBenchDatabase(8, name);
  try {
    const services = createServices(db, pino({ level: 'silent' }));
    const count = async () => (await db.sql.query<{ n: number; last: number }>(
      'SELECT count(*)::int AS n, coalesce(max(global_position), 0)::int AS last FROM plan_change_events')).rows[0]!;
    let { n } = await count();
    if (!(process.env.BENCH_REBUILD_REUSE === '1' && n >= target)) {
      await resetData(db);
      let t0 = performance.now();
      const results = await runSimulation(services, { people, weeks: 16, seed: 1, concurrency: 8, startDate: START, analysis: true });
      const failed = results.filter((r) => r.error !== null);
      if (failed.length) throw new Error(`${failed.length} simulated people failed, e.g. ${failed[0]!.error}`);
      await new NotificationReactor({ store: services.store, sql: db.sql, clock: services.clock, logger: services.logger }).drain();
      const base = await count();
      console.log(`${people} people through 16 weeks: ${base.n} events (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      t0 = performance.now();
      for (let k = 1; base.n * (k + 1) <= target + base.n - 1; k++) await db.sql.exec(copySql(k, base.last));
      await db.sql.exec('ANALYZE plan_change_events');
      n = (await count()).n;
      console.log(`copied to ${n} events (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    } else {
      console.log(`reusing ${n} events (BENCH_REBUILD_REUSE=1)`);
    }
    const { rows: mix } = await db.sql.query<{ type: string; n: number }>(
      'SELECT event_type AS type, count(*)::int AS n FROM plan_change_events GROUP BY 1 ORDER BY 2 DESC');
    console.log(table(['event type', 'events', 'share'], mix.map((m) => [m.type, String(m.n), `${((100 * m.n) / n).toFixed(1)} %`])));
    let lastReport = performance.now();
    const t0 = performance.now();
    const result = await rebuildProjections(db.sql, new ProjectionRegistry(PROJECTIONS), {
      batchSize: 1000,
      onProgress: ({ applied, total }) => {
        if (performance.now() - lastReport < 30_000) return;
        lastReport = performance.now();
        console.log(`  ${applied}/${total} events, ${fmtRate(applied / ((lastReport - t0) / 1000))} events/s so far`);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    console.log(table(['rebuild', 'events', 'seconds', 'events/s'], [['rebuildProjections (batch 1000)', String(result.events), seconds.toFixed(1), fmtRate(result.events / seconds)]]));
  } finally {
    await db.close();
  }
}

export const rebuildBench: BenchModule = {
  name: 'rebuild',
  description: 'projection rebuild speed over a log of 1,000,000 events (simulated people, copied)',
  run,
};
