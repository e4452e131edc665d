-- Daily context (issue #8 item 1): user_context_log becomes the projection of the per-user, per-day
-- daily-context streams; version is the stream's version, for expectedVersion on an amendment.
ALTER TABLE user_context_log ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
