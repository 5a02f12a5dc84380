-- The 64 storage locations of deploy/loadtest/bench.sh's pgbench runs, in the scratch database whose schema
-- is backup-service's own Flyway migrations (applied before this file). Every location already holds the
-- five versions backup-service keeps (authcloud.backup.kept-versions), so each write of the run inserts one
-- version and prunes one, as a PUT does in steady state. Run by psql with -v ciphertext=<base64 of 8 KiB>
-- -v sha256=<hex>. Owners and storage accounts have the lengths of the real ones (a UUID `sub`,
-- `load-<uuid>`), so rows and index entries have the service's sizes.
\set ON_ERROR_STOP on
INSERT INTO backup (id, owner, provider, storage_account, current_version, platform, device_id, key_id,
                    format_version, size_bytes, sha256, account_count, created_at, updated_at)
SELECT gen_random_uuid(),
       '00000000-0000-4000-8000-0000000000' || lpad(((n - 1) / 4)::text, 2, '0'),
       'icloud',
       'load-00000000-0000-4000-8000-0000000000' || lpad(n::text, 2, '0'),
       5, 'ios', 'load-device', 'load-key', 1, 8192, :'sha256', 12, now(), now()
FROM generate_series(1, 64) AS n;

INSERT INTO backup_version (backup_id, version, ciphertext, sha256, size_bytes, key_id, format_version,
                            device_id, platform, account_count, created_at)
SELECT b.id, v, decode(:'ciphertext', 'base64'), :'sha256', 8192, 'load-key', 1, 'load-device', 'ios', 12, now()
FROM backup b CROSS JOIN generate_series(1, 5) AS v;

VACUUM ANALYZE backup, backup_version, outbox_event;
