-- One backup GET (no If-None-Match), as backup-service runs it (BackupReads.findWithCiphertext, outside a
-- transaction): the backup's row by its location joined to its current version's 8 KiB of ciphertext, in
-- one statement, as the service sends it. pgbench -M extended; locations as in pgbench-put.sql.
\set location (:client_id % 16) * 4 + random(1, 4)
\set person (:location - 1) / 4
SELECT b.id, b.owner, b.provider, b.storage_account, b.current_version, b.platform, b.device_id, b.key_id,
       b.format_version, b.size_bytes, b.sha256, b.account_count, b.created_at, b.updated_at, b.deleted_at,
       b.restore_deadline, v.ciphertext
  FROM backup b JOIN backup_version v ON v.backup_id = b.id AND v.version = b.current_version
 WHERE b.owner = '00000000-0000-4000-8000-0000000000' || lpad(:person::text, 2, '0')
   AND b.provider = 'icloud'
   AND b.storage_account = 'load-00000000-0000-4000-8000-0000000000' || lpad(:location::text, 2, '0');
