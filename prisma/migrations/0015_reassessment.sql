-- Reassessment (issue #9 item 1): the due sweep looks up active programs whose next
-- reassessment date has come; this partial index keeps that lookup small however many
-- programs are superseded or completed.
CREATE INDEX idx_programs_reassessment_due ON programs (next_reassessment_date) WHERE status = 'active';
