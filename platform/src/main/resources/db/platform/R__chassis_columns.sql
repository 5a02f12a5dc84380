-- Columns the chassis added to its tables after their first migration. Repeatable (Flyway runs it again
-- whenever this file changes, after every versioned migration), so each statement must be idempotent; a
-- versioned file here would compete with the services' own version numbers.

-- The W3C traceparent of the transaction that wrote the event; the relay sends it as a Kafka header.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent text;
