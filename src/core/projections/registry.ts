import { SqlExecutor } from '../db/sql';
import { RecordedEvent } from '../eventStore/types';
import { Projection } from './projection';

export class ProjectionRegistry {
  private readonly byType = new Map<string, Projection[]>();
  private readonly owners = new Map<string, string>();

  constructor(readonly projections: readonly Projection[]) {
    for (const projection of projections) {
      for (const table of projection.tables) {
        const owner = this.owners.get(table);
        if (owner) throw new Error(`table ${table} is owned by both ${owner} and ${projection.name}`);
        this.owners.set(table, projection.name);
      }
      for (const type of projection.handles) {
        this.byType.set(type, [...(this.byType.get(type) ?? []), projection]);
      }
    }
  }

  /** Every table some projection owns, in registration order. */
  get tables(): string[] {
    return this.projections.flatMap((projection) => [...projection.tables]);
  }

  handles(type: string): boolean {
    return this.byType.has(type);
  }

  /** The inline runner: applies events in order, each to every projection that handles it. */
  readonly apply = async (events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> => {
    for (const event of events) {
      for (const projection of this.byType.get(event.type) ?? []) {
        await projection.apply(event, tx);
      }
    }
  };
}
