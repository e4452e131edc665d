-- Plan changes (issue #9): a program's version (its change stream's version, 0 as generated) and
-- the daily targets in force from each day on ([{from, targets}], ascending; the first entry is
-- the generated targets from the start date). programs.targets keeps the newest targets (with the
-- split and time zone) for the readers that want the plan's targets going forward.
ALTER TABLE programs
  ADD COLUMN version          INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  ADD COLUMN targets_history  JSONB   NOT NULL DEFAULT '[]'::jsonb;

-- Programs generated before this migration: their one entry, as the projection now writes it.
UPDATE programs
SET targets_history = jsonb_build_array(jsonb_build_object('from', to_char(start_date, 'YYYY-MM-DD'), 'targets', targets - 'split' - 'timeZone'))
WHERE targets_history = '[]'::jsonb;
