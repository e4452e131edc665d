import { Database } from '../db/database';
import { ProjectionRegistry } from '../projections/registry';
import { rebuildProjections } from '../projections/rebuild';

export type ProjectionDump = Record<string, unknown[]>;

/** Every row of every projection table, as JSON, in a stable order. */
export async function dumpProjections(db: Database, registry: ProjectionRegistry): Promise<ProjectionDump> {
  const dump: ProjectionDump = {};
  for (const table of registry.tables) {
    const { rows } = await db.sql.query<{ row: unknown }>(
      `SELECT to_jsonb(t) AS row FROM "${table}" t ORDER BY to_jsonb(t)::text`,
    );
    dump[table] = rows.map((r) => r.row);
  }
  return dump;
}

/**
 * The helper every feature uses: run commands (incremental projections), dump the read models,
 * rebuild them from the log, dump again; the two dumps must be equal. Returns both dumps so the
 * test can also check that the commands did produce rows.
 */
export async function rebuildMatchesIncremental(
  db: Database,
  registry: ProjectionRegistry,
  run: () => Promise<unknown>,
): Promise<{ incremental: ProjectionDump; rebuilt: ProjectionDump }> {
  await run();
  const incremental = await dumpProjections(db, registry);
  await rebuildProjections(db.sql, registry, { batchSize: 7 });
  const rebuilt = await dumpProjections(db, registry);
  return { incremental, rebuilt };
}
