-- Day overrides and the adjustment policy (issue #8 point 4). day_overrides becomes the
-- projection of the per-user-and-day override streams: the seed's columns keep their meaning,
-- these add what the approval workflow needs. A pending proposal that a newer analysis of the
-- same day replaces (other inputs, or no change warranted any more) is kept as 'superseded'.

ALTER TABLE day_overrides
  ADD COLUMN rules_version  INTEGER,
  ADD COLUMN inputs_hash    TEXT,
  ADD COLUMN trigger        TEXT CHECK (trigger IN ('context', 'on_demand', 'sweep')),
  ADD COLUMN reject_reason  TEXT,
  ADD COLUMN version        INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN decided_at     TIMESTAMPTZ,
  ADD COLUMN superseded_by  UUID;
ALTER TABLE day_overrides DROP CONSTRAINT day_overrides_status_check;
ALTER TABLE day_overrides ADD CONSTRAINT day_overrides_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'auto_applied', 'undone', 'superseded'));
-- The calendar reads the newest override of each day.
CREATE INDEX idx_day_overrides_user_date_created ON day_overrides (user_id, date, created_at DESC);

-- One row per user who set a policy; no row means DEFAULT_ADJUSTMENT_POLICY.
CREATE TABLE adjustment_policies (
  user_id               UUID         PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
  mode                  TEXT         NOT NULL CHECK (mode IN ('AUTO', 'ASK', 'OFF')),
  auto_apply_threshold  NUMERIC(4,3) NOT NULL CHECK (auto_apply_threshold BETWEEN 0 AND 1),
  version               INTEGER      NOT NULL,
  updated_at            TIMESTAMPTZ  NOT NULL
);
-- Row-level security as 0010 sets it: the API role reads its own row, the projector writes all.
ALTER TABLE adjustment_policies ENABLE ROW LEVEL SECURITY;
CREATE POLICY adjustment_policies_select ON adjustment_policies FOR SELECT
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY adjustment_policies_projector ON adjustment_policies TO coach_projector USING (true) WITH CHECK (true);

-- The nightly adjustment sweep's ledger (job state, not a projection, no user's data): a time
-- zone's local day is recorded once a bucket of users in it has been analyzed, so the sweep,
-- which runs every quarter hour, analyzes each user once per local day.
CREATE TABLE adjustment_sweeps (
  time_zone  TEXT        NOT NULL,
  date       DATE        NOT NULL,
  bucket     INTEGER     NOT NULL,
  buckets    INTEGER     NOT NULL,
  analyzed   INTEGER     NOT NULL,
  swept_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (time_zone, date, bucket, buckets)
);
ALTER TABLE adjustment_sweeps ENABLE ROW LEVEL SECURITY;
CREATE POLICY adjustment_sweeps_projector ON adjustment_sweeps TO coach_projector USING (true) WITH CHECK (true);
