-- Read models (projections of plan_change_events) and reference data, after the tables, keys,
-- indexes and checks of the earlier system's schema report (shared/reference).

-- Reference data: seeded and versioned, not events.
CREATE TABLE exercises (
  id                 TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9_]+$'),
  name               TEXT    NOT NULL,
  movement_pattern   TEXT    NOT NULL,
  primary_muscles    TEXT[]  NOT NULL,
  secondary_muscles  TEXT[]  NOT NULL DEFAULT '{}',
  equipment          TEXT[]  NOT NULL,
  difficulty         TEXT    NOT NULL CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
  unilateral         BOOLEAN NOT NULL DEFAULT false,
  contraindications  TEXT[]  NOT NULL DEFAULT '{}',
  catalog_version    INTEGER NOT NULL
);

CREATE TABLE foods (
  id               TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9_]+$'),
  name             TEXT    NOT NULL,
  category         TEXT    NOT NULL,
  kcal_per_100g    NUMERIC(7,2) NOT NULL CHECK (kcal_per_100g >= 0),
  protein_g        NUMERIC(6,2) NOT NULL CHECK (protein_g >= 0),
  carbs_g          NUMERIC(6,2) NOT NULL CHECK (carbs_g >= 0),
  fat_g            NUMERIC(6,2) NOT NULL CHECK (fat_g >= 0),
  fibre_g          NUMERIC(6,2) NOT NULL CHECK (fibre_g >= 0),
  portion_g        NUMERIC(7,2) NOT NULL CHECK (portion_g > 0),
  vegan            BOOLEAN NOT NULL,
  vegetarian       BOOLEAN NOT NULL,
  pescatarian      BOOLEAN NOT NULL,
  allergens        TEXT[]  NOT NULL DEFAULT '{}',
  meal_tags        TEXT[]  NOT NULL DEFAULT '{}',
  source           TEXT    NOT NULL,
  catalog_version  INTEGER NOT NULL
);

-- Which version of each reference data set is seeded.
CREATE TABLE reference_data_versions (
  name        TEXT PRIMARY KEY,
  version     INTEGER     NOT NULL,
  row_count   INTEGER     NOT NULL,
  seeded_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A profile per authenticated user (`sub` of the token), created on first use.
CREATE TABLE profiles (
  id          UUID PRIMARY KEY,
  email       TEXT,
  created_at  TIMESTAMPTZ NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE consultation_sessions (
  id                      UUID PRIMARY KEY,
  user_id                 UUID        NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  status                  TEXT        NOT NULL CHECK (status IN ('in_progress', 'completed')),
  version                 INTEGER     NOT NULL,
  sex                     TEXT        CHECK (sex IN ('MALE', 'FEMALE')),
  birth_date              DATE,
  height_cm               NUMERIC(5,1) CHECK (height_cm BETWEEN 120 AND 230),
  weight_kg               NUMERIC(5,1) CHECK (weight_kg BETWEEN 35 AND 300),
  body_fat_pct            NUMERIC(4,1) CHECK (body_fat_pct BETWEEN 3 AND 60),
  goal                    TEXT        CHECK (goal IN ('FAT_LOSS', 'MUSCLE_GAIN', 'RECOMPOSITION', 'MAINTENANCE', 'PERFORMANCE')),
  target_rate_pct         NUMERIC(4,2),
  experience              TEXT        CHECK (experience IN ('BEGINNER', 'INTERMEDIATE', 'ADVANCED')),
  training_days_per_week  INTEGER     CHECK (training_days_per_week BETWEEN 1 AND 7),
  preferred_weekdays      TEXT[]      NOT NULL DEFAULT '{}',
  session_minutes         INTEGER     CHECK (session_minutes BETWEEN 15 AND 180),
  equipment               TEXT[]      NOT NULL DEFAULT '{}',
  injuries                TEXT[]      NOT NULL DEFAULT '{}',
  excluded_exercises      TEXT[]      NOT NULL DEFAULT '{}',
  activity_level          TEXT        CHECK (activity_level IN ('SEDENTARY', 'LIGHT', 'MODERATE', 'VERY_ACTIVE', 'EXTRA_ACTIVE')),
  diet_type               TEXT        CHECK (diet_type IN ('OMNIVORE', 'PESCATARIAN', 'VEGETARIAN', 'VEGAN')),
  allergies               TEXT[]      NOT NULL DEFAULT '{}',
  excluded_foods          TEXT[]      NOT NULL DEFAULT '{}',
  meals_per_day           INTEGER     CHECK (meals_per_day BETWEEN 2 AND 6),
  time_zone               TEXT,
  start_date              DATE,
  program_weeks           INTEGER     CHECK (program_weeks BETWEEN 4 AND 24),
  created_at              TIMESTAMPTZ NOT NULL,
  updated_at              TIMESTAMPTZ NOT NULL,
  completed_at            TIMESTAMPTZ,
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX idx_consultation_sessions_user ON consultation_sessions (user_id, created_at DESC);

-- Immutable program snapshots; a regenerated program supersedes the current one.
CREATE TABLE programs (
  id                      UUID PRIMARY KEY,
  user_id                 UUID        NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  consultation_id         UUID        NOT NULL REFERENCES consultation_sessions(id),
  status                  TEXT        NOT NULL CHECK (status IN ('active', 'superseded', 'completed')),
  generator_version       INTEGER     NOT NULL,
  start_date              DATE        NOT NULL,
  end_date                DATE        NOT NULL,
  weeks                   INTEGER     NOT NULL CHECK (weeks BETWEEN 1 AND 52),
  targets                 JSONB       NOT NULL DEFAULT '{}'::jsonb,
  next_reassessment_date  DATE,
  superseded_from         DATE,
  created_at              TIMESTAMPTZ NOT NULL,
  updated_at              TIMESTAMPTZ NOT NULL,
  CHECK (end_date >= start_date)
);
CREATE INDEX idx_programs_user ON programs (user_id, status);

CREATE TABLE session_instances (
  id                 UUID PRIMARY KEY,
  program_id         UUID        NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  week               INTEGER     NOT NULL CHECK (week >= 1),
  day                INTEGER     NOT NULL CHECK (day >= 1),
  date               DATE        NOT NULL,
  name               TEXT        NOT NULL,
  focus              TEXT        NOT NULL,
  is_deload          BOOLEAN     NOT NULL DEFAULT false,
  estimated_minutes  INTEGER     NOT NULL CHECK (estimated_minutes > 0)
);
CREATE INDEX idx_session_instances_prog_day ON session_instances (program_id, week, day);

CREATE TABLE exercise_plan_items (
  id                   UUID PRIMARY KEY,
  session_instance_id  UUID         NOT NULL REFERENCES session_instances(id) ON DELETE CASCADE,
  exercise_id          TEXT         NOT NULL REFERENCES exercises(id),
  position             INTEGER      NOT NULL CHECK (position >= 1),
  sets                 INTEGER      NOT NULL CHECK (sets BETWEEN 1 AND 10),
  reps_min             INTEGER      NOT NULL CHECK (reps_min >= 1),
  reps_max             INTEGER      NOT NULL,
  target_rir           INTEGER      NOT NULL CHECK (target_rir BETWEEN 0 AND 5),
  rest_seconds         INTEGER      NOT NULL CHECK (rest_seconds >= 0),
  load_kg              NUMERIC(6,2) CHECK (load_kg >= 0),
  notes                TEXT,
  CHECK (reps_max >= reps_min)
);
CREATE INDEX idx_exercise_plan_items_session ON exercise_plan_items (session_instance_id, position);

CREATE TABLE meal_instances (
  id          UUID PRIMARY KEY,
  program_id  UUID         NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  week        INTEGER      NOT NULL CHECK (week >= 1),
  day         INTEGER      NOT NULL CHECK (day >= 1),
  date        DATE         NOT NULL,
  slot        INTEGER      NOT NULL CHECK (slot >= 1),
  name        TEXT         NOT NULL,
  kcal        NUMERIC(7,1) NOT NULL CHECK (kcal >= 0),
  protein_g   NUMERIC(6,1) NOT NULL CHECK (protein_g >= 0),
  carbs_g     NUMERIC(6,1) NOT NULL CHECK (carbs_g >= 0),
  fat_g       NUMERIC(6,1) NOT NULL CHECK (fat_g >= 0)
);
CREATE INDEX idx_meal_instances_prog_day ON meal_instances (program_id, week, day);

CREATE TABLE meal_item_plan (
  id                UUID PRIMARY KEY,
  meal_instance_id  UUID         NOT NULL REFERENCES meal_instances(id) ON DELETE CASCADE,
  food_id           TEXT         NOT NULL REFERENCES foods(id),
  position          INTEGER      NOT NULL CHECK (position >= 1),
  grams             NUMERIC(7,1) NOT NULL CHECK (grams > 0),
  kcal              NUMERIC(7,1) NOT NULL CHECK (kcal >= 0),
  protein_g         NUMERIC(6,1) NOT NULL CHECK (protein_g >= 0),
  carbs_g           NUMERIC(6,1) NOT NULL CHECK (carbs_g >= 0),
  fat_g             NUMERIC(6,1) NOT NULL CHECK (fat_g >= 0)
);
CREATE INDEX idx_meal_item_plan_meal ON meal_item_plan (meal_instance_id, position);

-- Denormalised calendar: one row per planned session or meal.
CREATE TABLE calendar_events (
  id                   UUID PRIMARY KEY,
  user_id              UUID        NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  program_id           UUID        NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  date                 DATE        NOT NULL,
  event_type           TEXT        NOT NULL CHECK (event_type IN ('session', 'meal')),
  title                TEXT        NOT NULL,
  session_instance_id  UUID        REFERENCES session_instances(id) ON DELETE CASCADE,
  meal_instance_id     UUID        REFERENCES meal_instances(id) ON DELETE CASCADE,
  CHECK ((event_type = 'session') = (session_instance_id IS NOT NULL)),
  CHECK ((event_type = 'meal') = (meal_instance_id IS NOT NULL))
);
CREATE INDEX idx_calendar_events_user_date ON calendar_events (user_id, date);

CREATE TABLE day_overrides (
  id                  UUID PRIMARY KEY,
  user_id             UUID         NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  program_id          UUID         REFERENCES programs(id) ON DELETE CASCADE,
  date                DATE         NOT NULL,
  override_type       TEXT         NOT NULL CHECK (override_type IN ('nutrition', 'training', 'both')),
  confidence          NUMERIC(4,3) NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  reasons             JSONB        NOT NULL DEFAULT '[]'::jsonb,
  nutrition_override  JSONB,
  training_override   JSONB,
  status              TEXT         NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'approved', 'rejected', 'auto_applied', 'undone')),
  user_overridden     BOOLEAN      NOT NULL DEFAULT false,
  applied_at          TIMESTAMPTZ,
  created_at          TIMESTAMPTZ  NOT NULL,
  updated_at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX idx_day_overrides_user_date ON day_overrides (user_id, date);
CREATE INDEX idx_day_overrides_program ON day_overrides (program_id);
CREATE INDEX idx_day_overrides_status ON day_overrides (user_id, status);

CREATE TABLE adherence_records (
  id                   UUID PRIMARY KEY,
  user_id              UUID         NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  program_id           UUID         REFERENCES programs(id) ON DELETE CASCADE,
  date                 DATE         NOT NULL,
  kind                 TEXT         NOT NULL CHECK (kind IN ('session', 'meal')),
  session_instance_id  UUID         REFERENCES session_instances(id) ON DELETE CASCADE,
  meal_instance_id     UUID         REFERENCES meal_instances(id) ON DELETE CASCADE,
  status               TEXT         NOT NULL CHECK (status IN ('completed', 'partial', 'similar', 'skipped', 'unknown')),
  score                NUMERIC(4,3) CHECK (score BETWEEN 0 AND 1),
  assessed_at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX idx_adherence_user_time ON adherence_records (user_id, assessed_at DESC);

CREATE TABLE notifications (
  id          UUID PRIMARY KEY,
  user_id     UUID        NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  kind        TEXT        NOT NULL,
  title       TEXT        NOT NULL,
  body        TEXT        NOT NULL,
  data        JSONB       NOT NULL DEFAULT '{}'::jsonb,
  created_at  TIMESTAMPTZ NOT NULL,
  read_at     TIMESTAMPTZ
);
CREATE INDEX idx_notifications_user_created ON notifications (user_id, created_at DESC);
CREATE INDEX idx_notifications_user_unread ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;

-- Daily context: sleep, stress, soreness, energy and optional physiology.
CREATE TABLE user_context_log (
  id              UUID PRIMARY KEY,
  user_id         UUID         NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  date            DATE         NOT NULL,
  sleep_hours     NUMERIC(4,2) CHECK (sleep_hours BETWEEN 0 AND 24),
  sleep_quality   INTEGER      CHECK (sleep_quality BETWEEN 1 AND 5),
  stress          INTEGER      CHECK (stress BETWEEN 1 AND 5),
  soreness        INTEGER      CHECK (soreness BETWEEN 1 AND 5),
  energy          INTEGER      CHECK (energy BETWEEN 1 AND 5),
  hrv_ms          NUMERIC(6,1) CHECK (hrv_ms > 0),
  resting_hr      INTEGER      CHECK (resting_hr BETWEEN 20 AND 220),
  body_weight_kg  NUMERIC(5,1) CHECK (body_weight_kg BETWEEN 35 AND 300),
  notes           TEXT,
  created_at      TIMESTAMPTZ  NOT NULL,
  updated_at      TIMESTAMPTZ  NOT NULL,
  CONSTRAINT uq_user_context_log_user_date UNIQUE (user_id, date)
);

-- Logged behaviour, matched to the plan.
CREATE TABLE activities (
  id                           UUID PRIMARY KEY,
  user_id                      UUID         NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  activity_type                TEXT         NOT NULL,
  started_at                   TIMESTAMPTZ  NOT NULL,
  duration_minutes             INTEGER      CHECK (duration_minutes BETWEEN 1 AND 1440),
  details                      JSONB        NOT NULL DEFAULT '{}'::jsonb,
  planned_session_instance_id  UUID         REFERENCES session_instances(id) ON DELETE SET NULL,
  similarity_score             NUMERIC(4,3) CHECK (similarity_score BETWEEN 0 AND 1),
  created_at                   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX idx_activities_user_time ON activities (user_id, started_at DESC);
CREATE INDEX idx_activities_planned_session ON activities (planned_session_instance_id);

CREATE TABLE meals (
  id                        UUID PRIMARY KEY,
  user_id                   UUID         NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  eaten_at                  TIMESTAMPTZ  NOT NULL,
  name                      TEXT         NOT NULL,
  kcal                      NUMERIC(7,1) CHECK (kcal >= 0),
  protein_g                 NUMERIC(6,1) CHECK (protein_g >= 0),
  carbs_g                   NUMERIC(6,1) CHECK (carbs_g >= 0),
  fat_g                     NUMERIC(6,1) CHECK (fat_g >= 0),
  items                     JSONB        NOT NULL DEFAULT '[]'::jsonb,
  planned_meal_instance_id  UUID         REFERENCES meal_instances(id) ON DELETE SET NULL,
  adherence_json            JSONB,
  created_at                TIMESTAMPTZ  NOT NULL
);
CREATE INDEX idx_meals_user_time ON meals (user_id, eaten_at DESC);
CREATE INDEX idx_meals_planned_meal ON meals (planned_meal_instance_id);
