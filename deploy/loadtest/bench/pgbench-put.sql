-- One backup PUT with If-Match, as backup-service runs it (BackupStore.write, replacing a version): the
-- same statements in the same order as BackupWrites sends them, with the same row sizes. Only the Redis
-- rate limit is left out.
-- pgbench -M extended: one unnamed prepared statement per command, parameters apart, as the Vert.x client
-- sends them (it does not cache prepared statements here). Variables: -D ciphertext=<base64 of 8 KiB>
-- -D sha256=<hex>. Client c writes locations 4c+1..4c+4 (its "device's" own, like a Gatling user):
-- with 16 clients, 64 locations and no two clients on one row, as in the Gatling scenario.
\set location (:client_id % 16) * 4 + random(1, 4)
\set person (:location - 1) / 4
BEGIN;
-- The row lock.
SELECT b1_0.id AS backup_id, b1_0.account_count, b1_0.created_at, b1_0.current_version, b1_0.deleted_at,
       b1_0.device_id, b1_0.format_version, b1_0.key_id, b1_0.owner, b1_0.platform, b1_0.provider,
       b1_0.restore_deadline, b1_0.sha256 AS old_sha256, b1_0.size_bytes, b1_0.storage_account, b1_0.updated_at
  FROM backup b1_0
 WHERE b1_0.owner = '00000000-0000-4000-8000-0000000000' || lpad(:person::text, 2, '0')
   AND b1_0.provider = 'icloud'
   AND b1_0.storage_account = 'load-00000000-0000-4000-8000-0000000000' || lpad(:location::text, 2, '0')
 OFFSET 0 ROWS FETCH FIRST 1 ROWS ONLY FOR NO KEY UPDATE OF b1_0 \gset
\set next_version :current_version + 1
-- Pins the replaced version if it stood for the burst gap or came from another device (here: never, as
-- in a storm of writes from one device).
UPDATE backup_version SET kept_until = now() + interval '30 days'
 WHERE backup_id = :backup_id AND version = :current_version
   AND (created_at <= now() - interval '1 hour' OR device_id <> 'load-device');
-- The row now describes the new version.
UPDATE backup SET current_version = :next_version, platform = 'ios', device_id = 'load-device', key_id = 'load-key',
       format_version = 1, size_bytes = 8192, sha256 = :sha256, account_count = 12, updated_at = now(),
       deleted_at = NULL, restore_deadline = NULL
 WHERE id = :backup_id;
INSERT INTO backup_version (backup_id, version, ciphertext, sha256, size_bytes, key_id, format_version, device_id,
                            platform, account_count, created_at)
VALUES (:backup_id, :next_version, decode(:ciphertext, 'base64'), :sha256, 8192, 'load-key', 1, 'load-device', 'ios',
        12, now());
-- Prune: keep the newest 5 versions and the newest non-empty one, in one statement.
\set oldest_kept :next_version - 5 + 1
\if :oldest_kept > 1
DELETE FROM backup_version
 WHERE backup_id = :backup_id AND version < :oldest_kept
   AND version <> coalesce((SELECT max(version) FROM backup_version
                             WHERE backup_id = :backup_id AND (account_count IS NULL OR account_count > 0)), -1)
   AND (kept_until IS NULL OR kept_until <= now());
\endif
-- The BackupStored event (about 380 bytes of JSON, as the service writes it) and its traceparent.
INSERT INTO outbox_event (event_type, occurred_at, payload, record_key, subject, topic, traceparent, id)
VALUES ('io.authcloud.backup.BackupStored', now(),
        json_build_object('owner', :owner::text, 'provider', 'icloud', 'storageAccount', :storage_account::text,
                          'version', :next_version::int, 'platform', 'ios', 'deviceId', 'load-device',
                          'sizeBytes', 8192, 'sha256', :sha256::text, 'keyId', 'load-key', 'formatVersion', 1,
                          'accountCount', 12, 'storedAt', now())::text,
        :owner, 'backups/icloud/' || :storage_account::text, 'backup-events',
        '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', gen_random_uuid());
COMMIT;
