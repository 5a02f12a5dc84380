-- Step-up verifications, kept for audit. One-time codes are never stored here: only a keyed hash,
-- in Redis, while the code is valid.
CREATE TABLE verification (
    id                 uuid PRIMARY KEY,
    owner              text        NOT NULL,
    recovery_id        uuid,
    account_ref        text        NOT NULL,
    device_id          text        NOT NULL,
    method             text        NOT NULL CHECK (method IN ('email', 'sms', 'qr')),
    destination_masked text,
    status             text        NOT NULL CHECK (status IN ('PENDING', 'VERIFIED', 'LOCKED', 'EXPIRED')),
    failed_attempts    integer     NOT NULL DEFAULT 0,
    sends              integer     NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    last_sent_at       timestamptz,
    expires_at         timestamptz NOT NULL,
    completed_at       timestamptz
);
CREATE INDEX verification_owner ON verification (owner);
CREATE INDEX verification_pending_expiry ON verification (expires_at) WHERE status = 'PENDING';

-- QR activation codes a tenant admin issued for a user of the tenant. The code is kept as a keyed
-- hash (to find it) and encrypted (to draw the QR image again); never in clear.
CREATE TABLE qr_activation (
    id                 uuid PRIMARY KEY,
    tenant             text        NOT NULL,
    target_sub         text        NOT NULL,
    target_username    text        NOT NULL,
    account_ref        text        NOT NULL,
    code_hash          text        NOT NULL UNIQUE,
    code_encrypted     bytea       NOT NULL,
    url                text        NOT NULL,
    issued_by          text        NOT NULL,
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    redeemed_at        timestamptz,
    verification_id    uuid
);
CREATE INDEX qr_activation_tenant ON qr_activation (tenant);
