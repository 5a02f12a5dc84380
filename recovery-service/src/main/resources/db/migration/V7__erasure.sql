-- Issue 16, "Erase everything about me": the erasure saga this service orchestrates. The person is named by a
-- hash of their sub (ErasedSubjects.hash), so that GET /v1/me/erasure still answers after their data is gone;
-- owner and device_id hold the sub and the asking phone only while the saga needs them, and are cleared when it
-- completes.
CREATE TABLE erasure (
    id                      uuid PRIMARY KEY,
    subject_hash            text        NOT NULL,
    owner                   text,
    device_id               text,
    state                   text        NOT NULL
        CHECK (state IN ('SECOND_FACTOR_REQUIRED', 'REPLACED', 'ERASING', 'COMPLETED')),
    requested_at            timestamptz NOT NULL,
    expires_at              timestamptz NOT NULL,
    proved_by               text,
    proved_at               timestamptz,
    recovery_erased_at      timestamptz,
    backup_erased_at        timestamptz,
    verification_erased_at  timestamptz,
    notification_erased_at  timestamptz,
    asked_at                timestamptz,
    requests                integer     NOT NULL DEFAULT 0,
    completed_at            timestamptz,
    CHECK (state = 'COMPLETED' OR state = 'REPLACED' OR owner IS NOT NULL)
);
CREATE INDEX erasure_subject ON erasure (subject_hash, requested_at DESC);
CREATE INDEX erasure_under_way ON erasure (asked_at) WHERE state = 'ERASING';
