-- Recent hard sets the user gave (exercise, weight, reps), for starting loads from an
-- estimated 1RM (Epley). Validated by the consultation's rules; stored as given.
ALTER TABLE consultation_sessions ADD COLUMN lifts JSONB NOT NULL DEFAULT '[]'::jsonb;
