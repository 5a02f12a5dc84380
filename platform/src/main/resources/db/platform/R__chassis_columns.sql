-- What the chassis added to its tables after their first migration. Repeatable (Flyway runs it again
-- whenever this file changes, after every versioned migration), so each statement must be idempotent; a
-- versioned file here would compete with the services' own version numbers.

-- The W3C traceparent of the transaction that wrote the event; the relay sends it as a Kafka header.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent text;

-- Wakes the relays: every transaction that adds outbox events notifies channel outbox_event once, when it
-- commits (PostgreSQL delivers a notification only on commit, and folds a transaction's duplicates into one).
-- Every replica's relay listens (OutboxWakeUp); the poll stays as the fallback when a notification is missed.
CREATE OR REPLACE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_event', '');
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS outbox_event_notify ON outbox_event;
CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();
