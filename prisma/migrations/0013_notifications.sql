-- Notifications (issue #8 items 5 and 6). notifications becomes a projection of
-- NotificationCreated / NotificationsRead events, which a durable reactor appends for the events
-- that deserve a notification; live delivery follows the log on every instance.

-- position: the global position of the NotificationCreated event, unique and in creation order:
-- the keyset of the newest-first list. source_position: the event the notification was made from.
-- The table has held no rows so far (nothing wrote it), so the NOT NULL columns need no default.
ALTER TABLE notifications
  ADD COLUMN position         BIGINT NOT NULL,
  ADD COLUMN source_position  BIGINT NOT NULL;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('program_ready', 'adjustment_proposed', 'adjustment_auto_applied', 'session_missed', 'reassessment'));
CREATE UNIQUE INDEX uq_notifications_position ON notifications (position);
-- The list, newest first per user (the report's idx_notifications_user_created and
-- idx_notifications_user_unread stay: the unread count uses the latter).
CREATE INDEX idx_notifications_user_position ON notifications (user_id, position DESC);

-- Wake-ups: every statement that appends to the log notifies the channel once (statement level,
-- empty payload: PostgreSQL folds identical notifications of one transaction into one), after the
-- commit. Each process LISTENs and polls its consumers at once instead of at its next interval;
-- polling stays as the fallback, so a lost notification only delays, never loses.
CREATE FUNCTION notify_plan_change_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('plan_change_events', '');
  RETURN NULL;
END $$;
CREATE TRIGGER plan_change_events_notify AFTER INSERT ON plan_change_events
  FOR EACH STATEMENT EXECUTE FUNCTION notify_plan_change_events();
