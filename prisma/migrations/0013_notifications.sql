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

-- The notification reactor starts after the history that exists when this migration runs: its
-- checkpoint row begins at the log's safe head, the last event (by transaction_id,
-- global_position) of the transactions older than every one still running (the reading of
-- EventStore.safeHead), or at the start on an empty log. Events of a transaction still running now
-- sort after it, so the reactor reads them: nothing after the deployment is skipped, and nothing
-- before it is notified (without the row, the reactor would start at the beginning of the log and
-- tell every user about every past program).
INSERT INTO projection_checkpoints (name, transaction_id, position)
SELECT 'notification-reactor', coalesce(head.transaction_id, '0'::xid8), coalesce(head.global_position, 0)
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
  SELECT transaction_id, global_position FROM plan_change_events
  WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY transaction_id DESC, global_position DESC LIMIT 1
) AS head ON true
ON CONFLICT (name) DO NOTHING;

-- Wake-ups are not done here: the process that appends notifies after its commit (src/core/projections/logWakeups.ts).
