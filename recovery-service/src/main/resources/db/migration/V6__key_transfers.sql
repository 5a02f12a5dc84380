-- Issue 16: recovery-service's side of a backup transfer. backup-service asks (BackupTransferRequested); the
-- person proves a 'transfer' verification on the device named; then the escrowed key is copied next to the
-- target, and removed again if backup-service cannot copy the backup (BackupTransferFailed). The proof may
-- arrive before the request (two topics): a row holds whichever came first.
CREATE TABLE key_transfer (
    transfer_id            uuid PRIMARY KEY,
    owner                  text        NOT NULL,
    provider               text,
    storage_account        text,
    key_id                 text,
    target_provider        text,
    target_storage_account text,
    device_id              text,
    requested_at           timestamptz,
    expires_at             timestamptz,
    proved_by              text,
    proved_on_device       text,
    proved_at              timestamptz,
    state                  text        NOT NULL CHECK (state IN ('PENDING', 'COPIED', 'FAILED', 'UNDONE')),
    key_created            boolean     NOT NULL DEFAULT false,
    failure                text,
    copied_at              timestamptz
);
CREATE INDEX key_transfer_owner ON key_transfer (owner);
