-- Logging and adherence (issue #7). activities and meals become projections of per-log streams;
-- adherence_records holds one row per assessed planned session or meal (its id is the planned
-- item's id); adherence_closed_days records the local days the skip sweep has closed.

ALTER TABLE activities
  ADD COLUMN local_date     DATE,
  ADD COLUMN rpe            NUMERIC(3,1) CHECK (rpe BETWEEN 0 AND 10),
  ADD COLUMN session_load   NUMERIC(7,1) CHECK (session_load >= 0),
  ADD COLUMN version        INTEGER      NOT NULL DEFAULT 1,
  ADD COLUMN updated_at     TIMESTAMPTZ;
ALTER TABLE activities ADD CONSTRAINT activities_activity_type_check
  CHECK (activity_type IN ('strength', 'cardio', 'mobility', 'sport', 'other'));
-- An activity stands for at most one planned session and a session for at most one activity.
CREATE UNIQUE INDEX activities_planned_session_once ON activities (planned_session_instance_id)
  WHERE planned_session_instance_id IS NOT NULL;
CREATE INDEX idx_activities_user_date ON activities (user_id, local_date, id);

ALTER TABLE meals
  ADD COLUMN local_date  DATE,
  ADD COLUMN slot        INTEGER CHECK (slot BETWEEN 1 AND 10),
  ADD COLUMN notes       TEXT,
  ADD COLUMN version     INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN updated_at  TIMESTAMPTZ;
CREATE UNIQUE INDEX meals_planned_meal_once ON meals (planned_meal_instance_id)
  WHERE planned_meal_instance_id IS NOT NULL;
CREATE INDEX idx_meals_user_date ON meals (user_id, local_date, id);

ALTER TABLE adherence_records
  ADD COLUMN ratio        NUMERIC(7,3),
  ADD COLUMN colour       TEXT CHECK (colour IN ('green', 'yellow', 'orange', 'red', 'grey')),
  ADD COLUMN activity_id  UUID,
  ADD COLUMN meal_log_id  UUID;
CREATE INDEX idx_adherence_user_date ON adherence_records (user_id, date);

CREATE TABLE adherence_closed_days (
  user_id    UUID        NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  date       DATE        NOT NULL,
  closed_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, date)
);
-- Row-level security as 0005 sets it for the other user-owned tables: the API role reads its own
-- rows (default privileges gave it SELECT only), the projector role writes every user's.
ALTER TABLE adherence_closed_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY adherence_closed_days_select ON adherence_closed_days FOR SELECT
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY adherence_closed_days_projector ON adherence_closed_days TO coach_projector USING (true) WITH CHECK (true);
