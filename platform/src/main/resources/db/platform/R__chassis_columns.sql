-- What the chassis added to its tables after their first migration. Repeatable (Flyway runs it again
-- whenever this file changes, after every versioned migration), so each statement must be idempotent; a
-- versioned file here would compete with the services' own version numbers.

-- The W3C traceparent of the transaction that wrote the event; the relay sends it as a Kafka header.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent text;

-- A commit once woke the relays through pg_notify; a notifying transaction takes a database-wide lock at
-- commit and serialised every write (docs/performance.md), so the relays are woken in process now.
DROP TRIGGER IF EXISTS outbox_event_notify ON outbox_event;
DROP FUNCTION IF EXISTS outbox_event_notify();

-- Erasure (docs/architecture.md, "Erase everything about me"). An event written with forget_after_publish is
-- deleted as soon as Kafka has it instead of being kept for inspection: the confirmations of an erasure name the
-- person they erased.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS forget_after_publish boolean NOT NULL DEFAULT false;
-- The people whose data this service erased, by a hash of their sub, and when: an event about them written before
-- that time (in flight, or a consumer's lag) is skipped instead of bringing their data back. A row goes once the
-- topics have forgotten every such event (authcloud.erasure.tombstone-retention).
CREATE TABLE IF NOT EXISTS erased_subject (
    subject_hash text PRIMARY KEY,
    erased_at    timestamptz NOT NULL
);
