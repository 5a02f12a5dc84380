-- Issue 16, "Erase everything about me": an 'erasure' verification is the second factor of the erasure erasure_id
-- (DELETE /v1/me); like a transfer's, it names no account and no recovery.
ALTER TABLE verification ADD COLUMN erasure_id uuid;
ALTER TABLE verification DROP CONSTRAINT verification_purpose_known;
ALTER TABLE verification ADD CONSTRAINT verification_purpose_known
    CHECK (purpose IN ('account', 'key-release', 'transfer', 'erasure'));
ALTER TABLE verification ADD CONSTRAINT verification_erasure_names_erasure
    CHECK ((purpose = 'erasure') = (erasure_id IS NOT NULL)) NOT VALID;
