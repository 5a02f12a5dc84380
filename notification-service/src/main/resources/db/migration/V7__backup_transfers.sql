-- Issue 16, backup transfers: a 'transfer' verification (the second factor of a backup's move to another
-- storage location) is recorded like a key release: it names no account and never becomes a credential.
ALTER TABLE credential_grant DROP CONSTRAINT credential_grant_purpose_check;
ALTER TABLE credential_grant ADD CONSTRAINT credential_grant_purpose_check
    CHECK (purpose IN ('account', 'key-release', 'transfer'));
