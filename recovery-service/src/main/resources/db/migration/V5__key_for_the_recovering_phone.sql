-- The recovering phone's public key (a P-256 JWK): the released backup key is encrypted for it, so only
-- that phone can open it. Recoveries started before have none and are asked to start again.
ALTER TABLE recovery_session ADD COLUMN device_public_key text;
