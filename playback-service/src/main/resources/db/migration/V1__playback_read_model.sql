-- The read model of playback-service (schema "playback", created by Flyway): just what playback needs to know about
-- a recording, fed by call-ended, recording-stored, recording-fetch-failed and recording-deleted.

CREATE TABLE recording (
    id               uuid         PRIMARY KEY,
    tenant_id        varchar(128) NOT NULL,
    status           varchar(16)  NOT NULL,
    bucket           text,
    object_key       text,
    content_type     text,
    size_bytes       bigint,
    sha256           varchar(64),
    stored_at        timestamptz,
    call_ended_at    timestamptz,
    last_fetched_at  timestamptz,
    last_error_code  text,
    deleted_at       timestamptz,
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL,
    CONSTRAINT recording_status_check
        CHECK (status IN ('PENDING', 'AVAILABLE', 'FAILED', 'UNAVAILABLE', 'DELETED')),
    CONSTRAINT recording_size_check CHECK (size_bytes IS NULL OR size_bytes >= 0),
    CONSTRAINT recording_available_has_object_check
        CHECK (status <> 'AVAILABLE' OR (object_key IS NOT NULL AND size_bytes IS NOT NULL AND sha256 IS NOT NULL))
);

CREATE INDEX recording_tenant_idx ON recording (tenant_id);

-- Idempotent consumer (debezium-examples outbox, MessageLog): written in the same transaction as the change.
CREATE TABLE processed_event (
    event_id     uuid         PRIMARY KEY,
    topic        varchar(249) NOT NULL,
    processed_at timestamptz  NOT NULL
);

CREATE INDEX processed_event_processed_at_idx ON processed_event (processed_at);
