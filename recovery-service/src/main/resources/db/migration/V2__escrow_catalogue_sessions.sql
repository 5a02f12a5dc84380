-- Backup keys escrowed at backup time, wrapped (AES-256-GCM) by a key-encryption key named kek_id.
-- The wrap is bound to its owner, location and key id, so a wrapped key cannot be moved to another row.
CREATE TABLE escrowed_key (
    owner           text        NOT NULL,
    provider        text        NOT NULL CHECK (provider IN ('icloud', 'google-drive')),
    storage_account text        NOT NULL,
    key_id          text        NOT NULL,
    wrapped         bytea       NOT NULL,
    kek_id          text        NOT NULL,
    escrowed_at     timestamptz NOT NULL,
    rewrapped_at    timestamptz,
    PRIMARY KEY (owner, provider, storage_account, key_id)
);
CREATE INDEX escrowed_key_kek ON escrowed_key (kek_id);

-- What this service knows of backups, from backup-events (confirmed with backup-service when stale).
CREATE TABLE backup_catalogue (
    owner            text        NOT NULL,
    provider         text        NOT NULL,
    storage_account  text        NOT NULL,
    version          integer     NOT NULL,
    platform         text,
    device_id        text,
    key_id           text,
    size_bytes       integer,
    updated_at       timestamptz,
    deleted_at       timestamptz,
    restore_deadline timestamptz,
    purged           boolean     NOT NULL DEFAULT false,
    last_event_at    timestamptz NOT NULL,
    PRIMARY KEY (owner, provider, storage_account)
);

-- A recovery on a new phone: one open session per person and device.
CREATE TABLE recovery_session (
    id                 uuid PRIMARY KEY,
    owner              text        NOT NULL,
    device_id          text        NOT NULL,
    platform           text        NOT NULL,
    provider           text        NOT NULL,
    storage_account    text        NOT NULL,
    backup_version     integer     NOT NULL,
    backup_size        integer,
    backup_updated_at  timestamptz,
    backup_device_id   text,
    key_id             text,
    status             text        NOT NULL CHECK (status IN ('OPEN', 'COMPLETED', 'EXPIRED')),
    accounts_declared  boolean     NOT NULL DEFAULT false,
    key_releases       integer     NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    completed_at       timestamptz
);
CREATE UNIQUE INDEX recovery_one_open_per_device ON recovery_session (owner, device_id) WHERE status = 'OPEN';
CREATE INDEX recovery_open_expiry ON recovery_session (expires_at) WHERE status = 'OPEN';

-- The push-enabled accounts of a session and how far each got. Rows may be created by events that
-- arrive before the app declared the account (declared = false until it does).
CREATE TABLE recovery_account (
    recovery_id     uuid        NOT NULL REFERENCES recovery_session (id) ON DELETE CASCADE,
    account_ref     text        NOT NULL,
    kind            text,
    tenant          text,
    declared        boolean     NOT NULL,
    state           text        NOT NULL CHECK (state IN ('VERIFICATION_REQUIRED', 'VERIFIED', 'CREDENTIAL_ISSUED')),
    verification_id uuid,
    credential_id   uuid,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (recovery_id, account_ref)
);

-- Failed verifications per person, from verification-events: too many in a day lock key release.
CREATE TABLE verification_failure (
    event_id  text PRIMARY KEY,
    owner     text        NOT NULL,
    failed_at timestamptz NOT NULL
);
CREATE INDEX verification_failure_owner ON verification_failure (owner, failed_at);
