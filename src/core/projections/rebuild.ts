import { SqlExecutor, Sql } from '../db/sql';
import { EventStore } from '../eventStore/eventStore';
import { ProjectionRegistry } from './registry';

export interface RebuildProgress {
  applied: number;
  total: number;
}

export interface RebuildResult {
  events: number;
  tables: string[];
}

/**
 * Tables that are not projections of the log (design.md section 2): the log itself, the async
 * consumers' checkpoints, the migration ledger, the seeded reference data and job state (the
 * adjustment sweep's ledger of local days done). A rebuild never empties them. Every other table
 * holds rows derived from events.
 */
export const NOT_PROJECTIONS: readonly string[] = [
  'plan_change_events', 'projection_checkpoints', 'schema_migrations', 'exercises', 'foods', 'reference_data_versions',
  'adjustment_sweeps',
];

/** The rebuild would destroy rows it cannot write again; nothing was changed. */
export class RebuildRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RebuildRefused';
  }
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Tables of the current schema, and which table each foreign key points from and to. */
async function schemaTables(tx: SqlExecutor): Promise<{ tables: Set<string>; references: Array<{ from: string; to: string }> }> {
  const { rows: tables } = await tx.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()');
  const { rows: references } = await tx.query<{ from: string; to: string }>(
    `SELECT src.relname AS "from", dst.relname AS "to"
       FROM pg_constraint c
       JOIN pg_class src ON src.oid = c.conrelid
       JOIN pg_class dst ON dst.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = src.relnamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  return { tables: new Set(tables.map((row) => row.name)), references };
}

/** The tables that reference the owned ones, directly or through each other: emptied with them. */
function referencing(owned: ReadonlySet<string>, references: ReadonlyArray<{ from: string; to: string }>): Set<string> {
  const reached = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const { from, to } of references) {
      if ((owned.has(to) || reached.has(to)) && !owned.has(from) && !reached.has(from)) {
        reached.add(from);
        grew = true;
      }
    }
  }
  return reached;
}

/**
 * Decides what the rebuild empties: exactly the owned tables, plus tables that reference them
 * and are empty (TRUNCATE without CASCADE must name every referencing table; emptying an empty
 * one loses nothing). Refuses when that would touch the log, checkpoints or reference data, or
 * when a table no projection owns holds rows: a foreign-key cascade would delete them, or the
 * replay would write over them (a projection that forgot to list its table).
 */
async function tablesToEmpty(tx: SqlExecutor, registry: ProjectionRegistry): Promise<string[]> {
  const owned = new Set(registry.tables);
  const { tables, references } = await schemaTables(tx);
  for (const projection of registry.projections) {
    for (const table of projection.tables) {
      if (!tables.has(table)) throw new RebuildRefused(`projection ${projection.name} owns table ${table}, which does not exist`);
    }
  }
  const cascade = referencing(owned, references);
  const kept = [...cascade].filter((table) => NOT_PROJECTIONS.includes(table));
  if (kept.length > 0) {
    throw new RebuildRefused(`refusing to rebuild: ${kept.join(', ')} reference projection tables and would be emptied, but they are not projections`);
  }
  const unowned = [...tables].filter((table) => !owned.has(table) && !NOT_PROJECTIONS.includes(table)).sort();
  // Nothing may write them between this count and the truncate.
  if (unowned.length > 0) await tx.exec(`LOCK TABLE ${unowned.map(quote).join(', ')} IN SHARE MODE`);
  const holding: string[] = [];
  for (const table of unowned) {
    const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table)}`);
    const n = rows[0]?.n ?? 0;
    if (n > 0) holding.push(`${table} (${n} ${n === 1 ? 'row' : 'rows'})${cascade.has(table) ? ' through its foreign keys' : ''}`);
  }
  if (holding.length > 0) {
    throw new RebuildRefused(
      `refusing to rebuild: ${holding.join(', ')} would be emptied or written over, and no projection rebuilds them; ` +
        'give them a projection (or empty them yourself) first',
    );
  }
  return [...registry.tables, ...[...cascade].sort()];
}

/**
 * Empties the projection tables and replays the whole log in global order, in batches, in one
 * transaction; a failure or a refusal leaves the old read models in place. TRUNCATE locks the
 * tables exclusively until the commit: readers and appends that touch them wait for the
 * rebuild's commit and then see (or project onto) the rebuilt rows; they never see the old ones
 * meanwhile, nor a half-built state. (TRUNCATE is not MVCC-safe: a repeatable-read transaction
 * whose snapshot predates the commit would see the tables empty; the API reads at read committed.)
 * It runs as the projector role, which writes every user's read models and may read, not
 * change, the log.
 */
export async function rebuildProjections(
  sql: Sql,
  registry: ProjectionRegistry,
  options: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 1000;
  return sql.transaction(async (tx) => {
    const emptied = await tablesToEmpty(tx, registry);
    if (emptied.length > 0) await tx.exec(`TRUNCATE ${emptied.map(quote).join(', ')}`);
    const { rows } = await tx.query<{ total: number }>('SELECT count(*)::int AS total FROM plan_change_events');
    const total = rows[0]?.total ?? 0;
    const store = new EventStore(sql);
    let applied = 0;
    let after = 0;
    options.onProgress?.({ applied, total });
    for (;;) {
      const batch = await store.readAll(after, batchSize, tx);
      if (batch.length === 0) break;
      await registry.apply(batch, tx);
      applied += batch.length;
      after = batch[batch.length - 1].globalPosition;
      options.onProgress?.({ applied, total });
    }
    return { events: applied, tables: registry.tables };
  }, { role: 'projector' });
}
