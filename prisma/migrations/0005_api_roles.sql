-- Row-level security that applies to the API (hardening issue, point 8).
--
-- The API connects as the tables' owner (a superuser on the project's machines), which RLS never
-- restricts, even with FORCE ROW LEVEL SECURITY. So the API's statements run as two non-owner,
-- non-login roles it switches to per transaction (src/core/db/sql.ts):
--   coach_api        the caller's reads and appends: SELECT on the read models, SELECT and INSERT
--                    on the log (append-only: no UPDATE, no DELETE), every row filtered by the
--                    per-command policies below on app.user_id (set with the role, per transaction).
--   coach_projector  inline projections and rebuilds, which write read models for every user:
--                    its own permissive policies let it through; its grants stop it from changing
--                    the log.
-- Non-owner roles rather than FORCE: FORCE cannot hold a superuser, and the owner must keep
-- running migrations, seeds and test resets unfiltered.
--
-- Roles are cluster-wide while grants are per database, and test workers migrate several
-- databases of one server at once: create each role only if missing, and take a concurrent
-- creation (duplicate_object, or unique_violation on pg_authid) as done.
DO $$
DECLARE r TEXT;
BEGIN
  FOREACH r IN ARRAY ARRAY['coach_api', 'coach_projector']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
    -- A superuser may SET ROLE to any role; an owner that is not one needs membership.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      EXECUTE format('GRANT %I TO %I', r, current_user);
    END IF;
  END LOOP;
END $$;

-- Grants (per database). Reference data and the migration ledger are readable; the API writes
-- only the log, projections own the read models.
GRANT USAGE ON SCHEMA public TO coach_api, coach_projector;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO coach_api, coach_projector;
GRANT INSERT ON plan_change_events TO coach_api;
GRANT INSERT, UPDATE, DELETE, TRUNCATE ON
  profiles, consultation_sessions, programs, session_instances, exercise_plan_items, meal_instances,
  meal_item_plan, calendar_events, day_overrides, adherence_records, notifications, user_context_log,
  activities, meals, projection_checkpoints
  TO coach_projector;
-- Tables later migrations create get the same defaults; a user-owned one must still enable RLS
-- and add its policies (README "Database").
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO coach_api;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO coach_projector;

-- Per-command policies as the earlier system's report lists them, replacing 0003's FOR ALL
-- owner policies. They hold every non-owner role; coach_api's grants are narrower still.
DO $$
DECLARE
  me CONSTANT TEXT := 'nullif(current_setting(''app.user_id'', true), '''')::uuid';
  t TEXT;
  owned_by TEXT;
  p RECORD;
BEGIN
  FOREACH t IN ARRAY ARRAY['consultation_sessions', 'programs', 'calendar_events', 'day_overrides',
                           'adherence_records', 'plan_change_events', 'notifications',
                           'user_context_log', 'activities', 'meals', 'profiles', 'session_instances',
                           'meal_instances', 'exercise_plan_items', 'meal_item_plan']
  LOOP
    EXECUTE format('DROP POLICY IF EXISTS %I ON %I', t || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I TO coach_projector USING (true) WITH CHECK (true)', t || '_projector', t);
  END LOOP;

  FOR p IN
    SELECT * FROM (VALUES
      -- table,                 commands,                  ownership
      ('programs',              'SELECT,INSERT',           'user_id = %s'),
      ('session_instances',     'SELECT,INSERT',           'EXISTS (SELECT 1 FROM programs p WHERE p.id = program_id AND p.user_id = %s)'),
      ('exercise_plan_items',   'SELECT',                  'EXISTS (SELECT 1 FROM session_instances s JOIN programs p ON p.id = s.program_id WHERE s.id = session_instance_id AND p.user_id = %s)'),
      ('meal_instances',        'SELECT',                  'EXISTS (SELECT 1 FROM programs p WHERE p.id = program_id AND p.user_id = %s)'),
      ('meal_item_plan',        'SELECT',                  'EXISTS (SELECT 1 FROM meal_instances m JOIN programs p ON p.id = m.program_id WHERE m.id = meal_instance_id AND p.user_id = %s)'),
      ('calendar_events',       'SELECT,INSERT,UPDATE',    'user_id = %s'),
      ('day_overrides',         'SELECT,INSERT',           'user_id = %s'),
      ('adherence_records',     'SELECT,INSERT',           'user_id = %s'),
      ('plan_change_events',    'SELECT,INSERT',           'user_id = %s'),
      ('notifications',         'SELECT,INSERT,UPDATE',    'user_id = %s'),
      ('user_context_log',      'SELECT,INSERT,UPDATE',    'user_id = %s'),
      -- Not in the report: the caller's own profile and consultations are readable; logged
      -- activities and meals are read and logged like the other logged data.
      ('profiles',              'SELECT',                  'id = %s'),
      ('consultation_sessions', 'SELECT',                  'user_id = %s'),
      ('activities',            'SELECT,INSERT',           'user_id = %s'),
      ('meals',                 'SELECT,INSERT',           'user_id = %s')
    ) AS rules(tbl, commands, ownership)
  LOOP
    owned_by := format(p.ownership, me);
    FOREACH t IN ARRAY string_to_array(p.commands, ',')
    LOOP
      EXECUTE format('CREATE POLICY %I ON %I FOR %s %s', p.tbl || '_' || lower(t), p.tbl, t,
        CASE t WHEN 'SELECT' THEN format('USING (%s)', owned_by)
               WHEN 'INSERT' THEN format('WITH CHECK (%s)', owned_by)
               ELSE format('USING (%s) WITH CHECK (%s)', owned_by, owned_by) END);
    END LOOP;
  END LOOP;
END $$;
