-- One backup PUT with If-Match, as backup-service runs it (BackupStore.write, replacing a version): the
-- same statements in the same order as Hibernate Reactive sends them (read off pg_stat_activity during a
-- BackupSimulation run), with the same row sizes. Only the Redis rate limit is left out.
-- pgbench -M extended: one unnamed prepared statement per command, parameters apart, as the Vert.x client
-- sends them (it does not cache prepared statements here). Variables: -D ciphertext=<base64 of 8 KiB>
-- -D sha256=<hex>. Client c writes locations 4c+1..4c+4 (its "device's" own, like a Gatling user):
-- with 16 clients, 64 locations and no two clients on one row, as in the Gatling scenario.
\set location (:client_id % 16) * 4 + random(1, 4)
\set person (:location - 1) / 4
BEGIN;
-- The row lock (Panache PESSIMISTIC_WRITE is FOR NO KEY UPDATE on PostgreSQL).
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
INSERT INTO backup_version (account_count, ciphertext, created_at, device_id, format_version, kept_until, key_id,
                            platform, sha256, size_bytes, backup_id, version)
VALUES (12, decode(:ciphertext, 'base64'), now(), 'load-device', 1, NULL, 'load-key', 'ios', :sha256, 8192,
        :backup_id, :next_version);
-- Prune: keep the newest 5 versions and the newest non-empty one.
\set oldest_kept :next_version - 5 + 1
\if :oldest_kept > 1
SELECT max(bv1_0.version) AS newest_non_empty FROM backup_version bv1_0
 WHERE bv1_0.backup_id = :backup_id AND (bv1_0.account_count IS NULL OR bv1_0.account_count > 0)
 OFFSET 0 ROWS FETCH FIRST 1 ROWS ONLY \gset
DELETE FROM backup_version
 WHERE backup_id = :backup_id AND version < :oldest_kept AND version <> :newest_non_empty
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
-- Hibernate writes every column of the dirty entity.
UPDATE backup SET account_count = 12, created_at = :created_at, current_version = :next_version,
       deleted_at = NULL, device_id = 'load-device', format_version = 1, key_id = 'load-key', owner = :owner,
       platform = 'ios', provider = 'icloud', restore_deadline = NULL, sha256 = :sha256, size_bytes = 8192,
       storage_account = :storage_account, updated_at = now()
 WHERE id = :backup_id;
COMMIT;
