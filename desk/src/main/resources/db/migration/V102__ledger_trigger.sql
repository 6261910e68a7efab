-- The strike that made a policy rule fire: the rule's next firing is judged against that strike
-- (its receipt time and what was counted after it), not against when the desk got round to acting.
ALTER TABLE ledger_action ADD COLUMN strike_id BIGINT;
