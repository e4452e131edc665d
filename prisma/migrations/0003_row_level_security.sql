-- Row-level security after the earlier system's access rules: a row is visible to the user who
-- owns it. The API scopes every query to the caller itself and connects as the tables' owner,
-- which RLS does not restrict (no FORCE); these policies guard any other role given access to
-- the database (an analytics reader, a support console), which must set app.user_id per
-- transaction: SET LOCAL app.user_id = '<uuid>'.
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['consultation_sessions', 'programs', 'calendar_events', 'day_overrides',
                           'adherence_records', 'plan_change_events', 'notifications',
                           'user_context_log', 'activities', 'meals']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I USING (user_id = nullif(current_setting(''app.user_id'', true), '''')::uuid)',
      t || '_owner', t);
  END LOOP;
END $$;

ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY profiles_owner ON profiles
  USING (id = nullif(current_setting('app.user_id', true), '')::uuid);

-- Program parts are visible through the program's ownership.
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['session_instances', 'meal_instances']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I USING (EXISTS (SELECT 1 FROM programs p WHERE p.id = program_id))',
      t || '_owner', t);
  END LOOP;
END $$;

ALTER TABLE exercise_plan_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY exercise_plan_items_owner ON exercise_plan_items
  USING (EXISTS (SELECT 1 FROM session_instances s WHERE s.id = session_instance_id));

ALTER TABLE meal_item_plan ENABLE ROW LEVEL SECURITY;
CREATE POLICY meal_item_plan_owner ON meal_item_plan
  USING (EXISTS (SELECT 1 FROM meal_instances m WHERE m.id = meal_instance_id));
