-- Which bot process claimed a card (status 'acting'), so the catch-up after a crash can finish a claim whose process died
-- mid-action instead of leaving the card stuck; a claim of the running process is never taken over.
ALTER TABLE mod_queue_cards ADD COLUMN acting_owner TEXT;
