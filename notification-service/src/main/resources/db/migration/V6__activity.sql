-- Issue 16, "my security activity": the person's security timeline, projected from the events of all four
-- services (ActivityConsumer, its own consumer group) and from this service's own push sign-in answers.
-- One row per event (its CloudEvents id) or per answer (its audit id); details hold only the fields
-- ActivityKinds allows for the kind: ids, places, methods, outcomes, never a code, key, token or address.
CREATE TABLE activity (
    id          text PRIMARY KEY,
    owner       text        NOT NULL,
    kind        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    device_id   text,
    details     text        NOT NULL,
    recorded_at timestamptz NOT NULL
);
-- The timeline is read newest first, a page at a time, by (occurred_at, id) cursors.
CREATE INDEX activity_timeline ON activity (owner, occurred_at DESC, id DESC);
