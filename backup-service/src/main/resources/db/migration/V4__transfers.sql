-- Issue 16: a backup's move to another storage location (an iPhone's iCloud backup to Google Drive for a
-- new Android phone). The transfer waits for the person's second factor, which recovery-service checks
-- before it copies the escrowed key; then the version named here is copied to the target.
CREATE TABLE backup_transfer (
    id                     uuid PRIMARY KEY,
    owner                  text        NOT NULL,
    provider               text        NOT NULL,
    storage_account        text        NOT NULL,
    version                integer     NOT NULL,
    key_id                 text        NOT NULL,
    target_provider        text        NOT NULL,
    target_storage_account text        NOT NULL,
    device_id              text        NOT NULL,
    state                  text        NOT NULL
        CHECK (state IN ('SECOND_FACTOR_REQUIRED', 'COMPLETED', 'FAILED', 'REPLACED')),
    failure                text,
    target_version         integer,
    created_at             timestamptz NOT NULL,
    expires_at             timestamptz NOT NULL,
    completed_at           timestamptz,
    CHECK ((provider, storage_account) <> (target_provider, target_storage_account))
);
-- The open transfers of a backup (a new request replaces them), and a person's transfers (erasure).
CREATE INDEX backup_transfer_open ON backup_transfer (owner, provider, storage_account)
    WHERE state = 'SECOND_FACTOR_REQUIRED';
