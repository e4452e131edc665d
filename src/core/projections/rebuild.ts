import { Sql } from '../db/sql';
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
 * Empties every projection table and replays the whole log in global order, in batches, in one
 * transaction: readers see the old read models until the new ones commit, and a failure leaves
 * the old ones in place. Appends that run meanwhile wait on the emptied tables' locks and apply
 * their own projections after the rebuild commits. It runs as the projector role, which writes
 * every user's read models and may read, not change, the log.
 */
export async function rebuildProjections(
  sql: Sql,
  registry: ProjectionRegistry,
  options: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 1000;
  const tables = registry.tables;
  return sql.transaction(async (tx) => {
    if (tables.length > 0) await tx.exec(`TRUNCATE ${tables.map((table) => `"${table}"`).join(', ')} CASCADE`);
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
    return { events: applied, tables };
  }, { role: 'projector' });
}
