-- One backup per (owner, provider, storage account). The row carries the metadata of the current
-- version, so listing backups never touches ciphertext.
CREATE TABLE backup (
    id               uuid PRIMARY KEY,
    owner            text        NOT NULL,
    provider         text        NOT NULL CHECK (provider IN ('icloud', 'google-drive')),
    storage_account  text        NOT NULL,
    current_version  integer     NOT NULL CHECK (current_version > 0),
    platform         text        NOT NULL CHECK (platform IN ('ios', 'android')),
    device_id        text        NOT NULL,
    key_id           text        NOT NULL,
    format_version   integer     NOT NULL,
    size_bytes       integer     NOT NULL,
    sha256           text        NOT NULL,
    account_count    integer,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    deleted_at       timestamptz,
    restore_deadline timestamptz,
    CONSTRAINT backup_location UNIQUE (owner, provider, storage_account)
);
CREATE INDEX backup_owner ON backup (owner);
CREATE INDEX backup_purge_due ON backup (restore_deadline) WHERE deleted_at IS NOT NULL;

-- The ciphertext of each kept version, exactly as the device encrypted it; never decrypted here.
CREATE TABLE backup_version (
    backup_id      uuid        NOT NULL REFERENCES backup (id) ON DELETE CASCADE,
    version        integer     NOT NULL,
    ciphertext     bytea       NOT NULL,
    sha256         text        NOT NULL,
    size_bytes     integer     NOT NULL,
    key_id         text        NOT NULL,
    format_version integer     NOT NULL,
    device_id      text        NOT NULL,
    platform       text        NOT NULL,
    account_count  integer,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (backup_id, version)
);
