-- Issue 16, "Erase everything about me": an 'erasure' verification (the second factor of DELETE /v1/me) is
-- recorded like a key release's or a transfer's: it names no account and never becomes a credential.
ALTER TABLE credential_grant DROP CONSTRAINT credential_grant_purpose_check;
ALTER TABLE credential_grant ADD CONSTRAINT credential_grant_purpose_check
    CHECK (purpose IN ('account', 'key-release', 'transfer', 'erasure'));
