-- The recordings catalog of storage-service (schema "storage", created by Flyway).
-- One row per recording id (RecordingIds: name-based UUID of provider:providerRecordingId).

CREATE TABLE recording (
    id                    uuid         PRIMARY KEY,
    tenant_id             varchar(128) NOT NULL,
    provider              varchar(16)  NOT NULL,
    provider_call_id      text,
    provider_recording_id text,
    provider_account_id   text,
    status                varchar(16)  NOT NULL,
    call_started_at       timestamptz,
    call_ended_at         timestamptz,
    duration_seconds      integer,
    channels              integer,
    direction             varchar(16),
    agent_id              text,
    from_number           text,
    to_number             text,
    metadata              jsonb        NOT NULL DEFAULT '{}'::jsonb,
    bucket                text,
    object_key            text,
    content_type          text,
    size_bytes            bigint,
    sha256                varchar(64),
    stored_at             timestamptz,
    last_fetch_attempt_at timestamptz,
    last_error            text,
    last_error_code       text,
    fetch_attempts        integer      NOT NULL DEFAULT 0,
    retryable             boolean,
    created_at            timestamptz  NOT NULL,
    updated_at            timestamptz  NOT NULL,
    CONSTRAINT recording_status_check
        CHECK (status IN ('PENDING', 'AVAILABLE', 'FAILED', 'UNAVAILABLE', 'DELETED')),
    CONSTRAINT recording_size_check CHECK (size_bytes IS NULL OR size_bytes >= 0),
    CONSTRAINT recording_attempts_check CHECK (fetch_attempts >= 0)
);

-- The list query: always one tenant, optionally one status or provider, newest call first.
CREATE INDEX recording_tenant_ended_idx
    ON recording (tenant_id, call_ended_at DESC NULLS LAST, created_at DESC, id DESC);
CREATE INDEX recording_tenant_status_ended_idx
    ON recording (tenant_id, status, call_ended_at DESC NULLS LAST, created_at DESC, id DESC);
CREATE INDEX recording_tenant_provider_ended_idx
    ON recording (tenant_id, provider, call_ended_at DESC NULLS LAST, created_at DESC, id DESC);

-- Idempotent consumer (debezium-examples outbox, MessageLog): written in the same transaction as the catalog change.
CREATE TABLE processed_event (
    event_id     uuid         PRIMARY KEY,
    topic        varchar(249) NOT NULL,
    processed_at timestamptz  NOT NULL
);

CREATE INDEX processed_event_processed_at_idx ON processed_event (processed_at);
