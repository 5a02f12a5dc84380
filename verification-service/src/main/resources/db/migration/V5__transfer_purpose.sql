-- A third purpose: the second factor of a backup's move to another storage location ('transfer'). It names
-- the transfer it allows, and neither an account nor a recovery.
ALTER TABLE verification ADD COLUMN transfer_id uuid;
ALTER TABLE verification DROP CONSTRAINT verification_purpose_known;
ALTER TABLE verification ADD CONSTRAINT verification_purpose_known
    CHECK (purpose IN ('account', 'key-release', 'transfer'));
ALTER TABLE verification DROP CONSTRAINT verification_account_ref_unless_key_release;
ALTER TABLE verification ADD CONSTRAINT verification_account_ref_only_for_accounts
    CHECK ((purpose = 'account') = (account_ref IS NOT NULL)) NOT VALID;
ALTER TABLE verification ADD CONSTRAINT verification_transfer_names_transfer
    CHECK ((purpose = 'transfer') = (transfer_id IS NOT NULL)) NOT VALID;
