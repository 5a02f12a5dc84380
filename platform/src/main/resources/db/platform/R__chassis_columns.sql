-- What the chassis added to its tables after their first migration. Repeatable (Flyway runs it again
-- whenever this file changes, after every versioned migration), so each statement must be idempotent; a
-- versioned file here would compete with the services' own version numbers.

-- The W3C traceparent of the transaction that wrote the event; the relay sends it as a Kafka header.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent text;

-- A commit once woke the relays through pg_notify; a notifying transaction takes a database-wide lock at
-- commit and serialised every write (docs/performance.md), so the relays are woken in process now.
DROP TRIGGER IF EXISTS outbox_event_notify ON outbox_event;
DROP FUNCTION IF EXISTS outbox_event_notify();
