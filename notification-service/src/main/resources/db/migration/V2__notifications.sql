-- Deliveries of one-time codes, by event id: the status of each, never the code or the address in clear.
CREATE TABLE delivery (
    event_id           text PRIMARY KEY,
    verification_id    uuid,
    owner              text        NOT NULL,
    channel            text        NOT NULL CHECK (channel IN ('email', 'sms')),
    destination_masked text,
    status             text        NOT NULL CHECK (status IN ('SENT', 'FAILED', 'DROPPED_EXPIRED')),
    attempts           integer     NOT NULL DEFAULT 0,
    last_error         text,
    created_at         timestamptz NOT NULL,
    completed_at       timestamptz
);

-- A person's devices and their push channel.
CREATE TABLE device (
    owner         text        NOT NULL,
    device_id     text        NOT NULL,
    platform      text        NOT NULL CHECK (platform IN ('ios', 'android')),
    push_channel  text        NOT NULL CHECK (push_channel IN ('apns', 'fcm')),
    push_token    text        NOT NULL,
    name          text,
    registered_at timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (owner, device_id)
);

-- Pushes delivered to the local inbox that devices poll (instead of APNs/FCM on a laptop).
CREATE TABLE device_notification (
    id           uuid PRIMARY KEY,
    owner        text        NOT NULL,
    device_id    text        NOT NULL,
    kind         text        NOT NULL,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL,
    delivered_at timestamptz
);
CREATE INDEX device_notification_pending ON device_notification (owner, device_id, created_at) WHERE delivered_at IS NULL;

-- What a successful verification allows: one credential, for one account, on one device, within 10 minutes.
CREATE TABLE credential_grant (
    verification_id uuid PRIMARY KEY,
    owner           text        NOT NULL,
    account_ref     text        NOT NULL,
    device_id       text        NOT NULL,
    recovery_id     uuid,
    method          text        NOT NULL,
    verified_at     timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    credential_id   uuid
);

-- Device-bound push credentials: the device's P-256 public key and, for a personal account, its own
-- TOTP secret (encrypted).
CREATE TABLE push_credential (
    id                    uuid PRIMARY KEY,
    owner                 text        NOT NULL,
    username              text        NOT NULL,
    account_ref           text        NOT NULL,
    kind                  text        NOT NULL CHECK (kind IN ('personal', 'work')),
    device_id             text        NOT NULL,
    public_key_jwk        text        NOT NULL,
    totp_secret_encrypted bytea,
    verification_id       uuid UNIQUE,
    recovery_id           uuid,
    status                text        NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
    created_at            timestamptz NOT NULL,
    revoked_at            timestamptz,
    revoked_reason        text
);
CREATE INDEX push_credential_owner ON push_credential (owner);
CREATE INDEX push_credential_username ON push_credential (username) WHERE status = 'ACTIVE';

-- Push sign-in requests of relying parties, with number matching.
CREATE TABLE sign_in_request (
    id          uuid PRIMARY KEY,
    owner       text        NOT NULL,
    username    text        NOT NULL,
    account_ref text        NOT NULL,
    application text        NOT NULL,
    number      integer     NOT NULL,
    challenge   text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED')),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    answered_at timestamptz,
    device_id   text
);

-- Every answer to a sign-in request, accepted or refused: who, from which device, what, why.
CREATE TABLE sign_in_audit (
    id         uuid PRIMARY KEY,
    request_id uuid        NOT NULL,
    owner      text,
    device_id  text,
    outcome    text        NOT NULL,
    reason     text,
    at         timestamptz NOT NULL
);
CREATE INDEX sign_in_audit_request ON sign_in_audit (request_id);

-- Security notices sent by email, each with a single-use "this wasn't me" token (kept hashed).
CREATE TABLE security_notice (
    id            uuid PRIMARY KEY,
    owner         text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('recovery', 'credential')),
    event_id      text        NOT NULL UNIQUE,
    recovery_id   uuid,
    credential_id uuid,
    device_id     text,
    token_hash    text        NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz
);
