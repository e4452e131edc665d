import { SqlExecutor } from '../db/sql';
import { RecordedEvent } from '../eventStore/types';

/**
 * A read model built from the log. It owns its tables (nobody else writes them), names the event
 * types it handles, and applies one event at a time inside the caller's transaction. apply must
 * not throw on odd data: skip what it cannot use.
 */
export interface Projection {
  name: string;
  /** Tables this projection owns, emptied before a rebuild. */
  tables: readonly string[];
  handles: readonly string[];
  apply(event: RecordedEvent, tx: SqlExecutor): Promise<void>;
}

/** Narrows an event to the union a projection declared, for switch statements over `type`. */
export type EventOf<Union extends { type: string; data: unknown }> = {
  [K in Union['type']]: RecordedEvent<K, Extract<Union, { type: K }>['data']>;
}[Union['type']];
