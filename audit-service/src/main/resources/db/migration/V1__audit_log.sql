-- The append-only audit log of audit-service (schema "audit", created by Flyway).
-- Rows are only ever inserted (INSERT ... ON CONFLICT (event_id) DO NOTHING) and read; the triggers at the end
-- refuse UPDATE, DELETE and TRUNCATE for every role, the application's included.

-- Every RecordingAccessed event (callvault.recording-accessed.v1), one row per event id.
CREATE TABLE audit_event (
    event_id        uuid        PRIMARY KEY,
    tenant_id       text        NOT NULL,
    recording_id    uuid        NOT NULL,
    subject         text        NOT NULL,
    action          varchar(16) NOT NULL,
    requested_range text,
    http_status     integer     NOT NULL,
    client_address  text,
    user_agent      text,
    url_expires_at  timestamptz,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    CONSTRAINT audit_event_action_check CHECK (action IN ('URL_ISSUED', 'STREAM', 'DOWNLOAD', 'OTHER'))
);

-- The list query: always one tenant, optionally one recording or one subject, newest first.
CREATE INDEX audit_event_tenant_occurred_idx ON audit_event (tenant_id, occurred_at DESC, event_id DESC);
CREATE INDEX audit_event_tenant_recording_idx
    ON audit_event (tenant_id, recording_id, occurred_at DESC, event_id DESC);
CREATE INDEX audit_event_tenant_subject_idx ON audit_event (tenant_id, subject, occurred_at DESC, event_id DESC);

-- The lifecycle of every recording (call ended, stored, fetch failed, deleted), one row per event id. details holds
-- the event's facts that matter for custody as a JSON object; never credentials, URLs, phone numbers or metadata.
CREATE TABLE custody_event (
    event_id     uuid        PRIMARY KEY,
    tenant_id    text        NOT NULL,
    recording_id uuid        NOT NULL,
    kind         varchar(32) NOT NULL,
    occurred_at  timestamptz NOT NULL,
    details      jsonb       NOT NULL,
    recorded_at  timestamptz NOT NULL,
    CONSTRAINT custody_event_kind_check
        CHECK (kind IN ('CALL_ENDED', 'RECORDING_STORED', 'RECORDING_FETCH_FAILED', 'RECORDING_DELETED')),
    CONSTRAINT custody_event_details_check CHECK (jsonb_typeof(details) = 'object')
);

CREATE INDEX custody_event_tenant_recording_idx ON custody_event (tenant_id, recording_id, occurred_at, event_id);

-- Append-only, enforced by the database: any UPDATE, DELETE or TRUNCATE raises, whoever issues it.
-- (PostgreSQL documentation, "Trigger Functions" in PL/pgSQL: a BEFORE trigger that raises aborts the statement.)
CREATE FUNCTION refuse_audit_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'table %.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER custody_event_append_only
    BEFORE UPDATE OR DELETE ON custody_event
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER custody_event_no_truncate
    BEFORE TRUNCATE ON custody_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
