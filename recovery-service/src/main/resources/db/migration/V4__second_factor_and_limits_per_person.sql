-- Issue 10: a second factor before any key leaves, limits per person, cancelled recoveries, escrow
-- preconditions, and what this service knows of the person's devices. Adds only: a database in use keeps
-- its rows, and its open recoveries simply still need their second factor.

ALTER TABLE recovery_session DROP CONSTRAINT recovery_session_status_check;
ALTER TABLE recovery_session ADD CONSTRAINT recovery_session_status_check
    CHECK (status IN ('OPEN', 'COMPLETED', 'EXPIRED', 'CANCELLED'));
-- What proved the person for this recovery before its key may be released, and when.
ALTER TABLE recovery_session ADD COLUMN second_factor text CHECK (second_factor IN ('email', 'sms', 'device'));
ALTER TABLE recovery_session ADD COLUMN second_factor_at timestamptz;
-- The approval request on the person's other phones that counts now (a newer one replaces it).
ALTER TABLE recovery_session ADD COLUMN approval_id uuid;
ALTER TABLE recovery_session ADD COLUMN cancel_reason text;

-- Requests for approval on another phone (the `device` second factor), kept to count them per person.
CREATE TABLE recovery_approval (
    id            uuid PRIMARY KEY,
    recovery_id   uuid        NOT NULL REFERENCES recovery_session (id) ON DELETE CASCADE,
    owner         text        NOT NULL,
    number        integer     NOT NULL CHECK (number BETWEEN 10 AND 99),
    state         text        NOT NULL CHECK (state IN ('PENDING', 'APPROVED', 'DENIED', 'REPLACED', 'CANCELLED')),
    requested_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    answered_at   timestamptz,
    answered_by   text
);
CREATE INDEX recovery_approval_owner ON recovery_approval (owner, requested_at);

-- Every key release, to cap them per person whatever device or session asks.
CREATE TABLE key_release (
    id           uuid PRIMARY KEY,
    owner        text        NOT NULL,
    recovery_id  uuid        NOT NULL,
    released_at  timestamptz NOT NULL
);
CREATE INDEX key_release_owner ON key_release (owner, released_at);

-- The person's push credentials by device, from credential-events: a recovery cannot claim a phone that
-- holds one, and a phone holding a personal one can approve a recovery.
CREATE TABLE device_credential (
    credential_id uuid PRIMARY KEY,
    owner         text        NOT NULL,
    device_id     text        NOT NULL,
    kind          text        NOT NULL,
    active        boolean     NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX device_credential_owner_device ON device_credential (owner, device_id) WHERE active;

-- Escrowed keys have versions, like backups, so replacing one needs If-Match.
ALTER TABLE escrowed_key ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0);
