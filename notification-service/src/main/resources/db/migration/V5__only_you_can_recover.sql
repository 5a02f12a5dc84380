-- Issue 10, "only you can recover". Every change below upgrades a database in use: new columns are
-- nullable or have a default, constraints only widen, old rows keep their meaning.

-- A grant remembers what its verification proved: an account on a device (every grant so far), or a
-- recovery's key release, which never becomes a credential and names no account.
ALTER TABLE credential_grant ADD COLUMN purpose text NOT NULL DEFAULT 'account'
    CHECK (purpose IN ('account', 'key-release'));
ALTER TABLE credential_grant ALTER COLUMN account_ref DROP NOT NULL;

-- A sign-in request belongs to the relying party that made it (the token's azp); a recovery's approval
-- request (kind 'recovery') belongs to no relying party, names its recovery and the recovering phone,
-- whose own credentials never answer it, and names no username.
ALTER TABLE sign_in_request ADD COLUMN client_id text;
ALTER TABLE sign_in_request ADD COLUMN kind text NOT NULL DEFAULT 'sign-in' CHECK (kind IN ('sign-in', 'recovery'));
ALTER TABLE sign_in_request ADD COLUMN recovery_id uuid;
ALTER TABLE sign_in_request ADD COLUMN recovering_device_id text;
ALTER TABLE sign_in_request ALTER COLUMN username DROP NOT NULL;
CREATE INDEX sign_in_request_open_recovery ON sign_in_request (recovery_id)
    WHERE kind = 'recovery' AND status = 'PENDING';

-- Wrong sign-in codes in a row per person (NIST SP 800-63B 5.2.2), kept here so no restart forgets them:
-- at 100 codes are refused until a good code before the lock or an approved push sign-in resets it.
CREATE TABLE code_failure_streak (
    owner       text PRIMARY KEY,
    consecutive integer     NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- A recovery's start is noticed too (before any key can leave). Each notice knows since when what it
-- reports happened: "this wasn't me" revokes every credential issued from then on. Older notices: their
-- own time. Left nullable so a replica still running the previous version keeps inserting notices during
-- a rolling upgrade; the service reads a missing value as the notice's creation time.
ALTER TABLE security_notice DROP CONSTRAINT security_notice_kind_check;
ALTER TABLE security_notice ADD CONSTRAINT security_notice_kind_check
    CHECK (kind IN ('recovery', 'credential', 'key-release', 'recovery-started'));
ALTER TABLE security_notice ADD COLUMN since timestamptz;
UPDATE security_notice SET since = created_at WHERE since IS NULL;
CREATE INDEX security_notice_recovery ON security_notice (owner, recovery_id) WHERE recovery_id IS NOT NULL;
CREATE INDEX push_credential_owner_created ON push_credential (owner, created_at) WHERE status = 'ACTIVE';
