-- Retention, legal hold and deletion (issue 5). A DELETED row stays for the audit trail: when, why and by whom it
-- was deleted, and whether its RecordingDeleted event was acknowledged by the broker (NULL until then, so a crash
-- between the catalog change and the publication is repaired by the next retention run).
ALTER TABLE recording
    ADD COLUMN deleted_at             timestamptz,
    ADD COLUMN deletion_reason        varchar(16),
    ADD COLUMN deleted_by             text,
    ADD COLUMN deletion_published_at  timestamptz,
    ADD COLUMN legal_hold             boolean NOT NULL DEFAULT false,
    ADD COLUMN legal_hold_reason      varchar(500),
    ADD COLUMN legal_hold_by          text,
    ADD COLUMN legal_hold_since       timestamptz,
    ADD COLUMN legal_hold_in_store    boolean,
    ADD CONSTRAINT recording_deletion_check
        CHECK ((status = 'DELETED') = (deleted_at IS NOT NULL AND deletion_reason IS NOT NULL)),
    ADD CONSTRAINT recording_legal_hold_check
        CHECK (NOT legal_hold OR (legal_hold_reason IS NOT NULL AND legal_hold_since IS NOT NULL));

-- The retention walk: a tenant's recordings that may still be deleted, in id order (keyset pages).
CREATE INDEX recording_retention_idx ON recording (tenant_id, id) WHERE status <> 'DELETED' AND NOT legal_hold;
-- Deletions whose RecordingDeleted is not yet acknowledged (normally none).
CREATE INDEX recording_unpublished_deletion_idx ON recording (id)
    WHERE status = 'DELETED' AND deletion_published_at IS NULL;
