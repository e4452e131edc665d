/** An event as a command's decide returns it: past-tense type and plain JSON data. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** Bumped when the shape of data changes; evolve upcasts older versions. */
  schemaVersion?: number;
}

export interface EventMetadata {
  actor?: string;
  correlationId?: string;
  causationId?: string;
  /** Hash of the command that carried an idempotency key, to refuse a key reused for another command. */
  commandHash?: string;
  /** With an idempotency key: the version each stream reached in that append (what a retry answers with). */
  versions?: Record<string, number>;
  [key: string]: unknown;
}

/** An event as stored in plan_change_events. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  userId: string;
  programId: string | null;
  idempotencyKey: string | null;
  recordedAt: Date;
}

export interface AppendOptions {
  userId: string;
  programId?: string | null;
  idempotencyKey?: string | null;
  metadata?: EventMetadata;
}
