-- A version that had stood for a while when a write replaced it is pinned until kept_until, so a burst
-- of writes (a stolen token writing junk) cannot prune the person's real backup out of history.
-- Null: kept only by the other rules (the newest versions, the newest non-empty one).
ALTER TABLE backup_version ADD COLUMN kept_until timestamptz;
