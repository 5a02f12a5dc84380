-- What a verification proves: an account on a device ('account', every verification made before this
-- column existed), or the second factor of a recovery before its backup key is released ('key-release').
ALTER TABLE verification ADD COLUMN purpose text NOT NULL DEFAULT 'account'
    CONSTRAINT verification_purpose_known CHECK (purpose IN ('account', 'key-release'));
-- A key release proves the recovery, not an account: it names the recovery and no account.
ALTER TABLE verification ALTER COLUMN account_ref DROP NOT NULL;
-- Enforced for every row written from now on; older rows are not re-checked.
ALTER TABLE verification ADD CONSTRAINT verification_account_ref_unless_key_release
    CHECK ((purpose = 'key-release') = (account_ref IS NULL)) NOT VALID;
ALTER TABLE verification ADD CONSTRAINT verification_key_release_names_recovery
    CHECK (purpose <> 'key-release' OR recovery_id IS NOT NULL) NOT VALID;
