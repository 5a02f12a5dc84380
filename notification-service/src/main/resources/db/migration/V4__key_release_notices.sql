-- The first release of a recovery's backup key is mailed to the owner too, with its own
-- "this wasn't me" link.
ALTER TABLE security_notice DROP CONSTRAINT security_notice_kind_check;
ALTER TABLE security_notice ADD CONSTRAINT security_notice_kind_check CHECK (kind IN ('recovery', 'credential', 'key-release'));
-- A device the owner reported with "this wasn't me" receives no further credential.
CREATE INDEX security_notice_disowned_device ON security_notice (owner, device_id) WHERE used_at IS NOT NULL;
