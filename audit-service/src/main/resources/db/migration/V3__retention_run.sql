-- One row per tenant and retention run of storage-service (RetentionRunCompleted on callvault.retention-runs.v1),
-- append-only like the other audit tables.
CREATE TABLE retention_run (
    event_id       uuid        PRIMARY KEY,
    tenant_id      text        NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz NOT NULL,
    retention_days integer     NOT NULL,
    cutoff         timestamptz NOT NULL,
    deleted        integer     NOT NULL,
    failed         integer     NOT NULL,
    recorded_at    timestamptz NOT NULL,
    CONSTRAINT retention_run_counts_check CHECK (deleted >= 0 AND failed >= 0 AND retention_days > 0)
);

CREATE INDEX retention_run_tenant_idx ON retention_run (tenant_id, started_at);

CREATE TRIGGER retention_run_append_only
    BEFORE UPDATE OR DELETE ON retention_run
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER retention_run_no_truncate
    BEFORE TRUNCATE ON retention_run
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
