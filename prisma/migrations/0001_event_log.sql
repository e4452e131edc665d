-- The append-only event log: the only source of truth. Every other table except the reference
-- data is a projection of it and can be dropped and rebuilt (see design.md section 2).
--
-- No foreign keys from the log to projection tables: rebuilding empties the projections, and the
-- log must outlive them. program_id is kept as a plain column for the audit trail.
CREATE TABLE plan_change_events (
  global_position  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id        TEXT        NOT NULL CHECK (length(stream_id) BETWEEN 1 AND 200),
  stream_version   INTEGER     NOT NULL CHECK (stream_version >= 1),
  event_type       TEXT        NOT NULL CHECK (length(event_type) BETWEEN 1 AND 100),
  schema_version   INTEGER     NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
  data             JSONB       NOT NULL,
  metadata         JSONB       NOT NULL DEFAULT '{}'::jsonb,
  user_id          UUID        NOT NULL,
  program_id       UUID,
  idempotency_key  TEXT        CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 200),
  -- Async consumers read only below the snapshot xmin, so a slow transaction that took a lower
  -- position but commits late can never be skipped.
  transaction_id   XID8        NOT NULL DEFAULT pg_current_xact_id(),
  recorded_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT uq_plan_change_events_stream UNIQUE (stream_id, stream_version)
);

CREATE UNIQUE INDEX uq_plan_change_events_idempotency
  ON plan_change_events (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX idx_plan_change_events_user_time ON plan_change_events (user_id, recorded_at DESC);
-- Asynchronous consumers read in (transaction_id, global_position) order.
CREATE INDEX idx_plan_change_events_tx_position ON plan_change_events (transaction_id, global_position);
CREATE INDEX idx_plan_change_events_program ON plan_change_events (program_id) WHERE program_id IS NOT NULL;

-- Where each asynchronous consumer has read up to: consumers read in (transaction_id,
-- global_position) order, so the checkpoint is that pair.
CREATE TABLE projection_checkpoints (
  name            TEXT PRIMARY KEY,
  transaction_id  XID8        NOT NULL DEFAULT '0',
  position        BIGINT      NOT NULL DEFAULT 0,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
