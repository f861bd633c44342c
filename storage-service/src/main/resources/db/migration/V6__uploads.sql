-- Direct uploads (issue 5): one row per upload in progress, simple or resumable (tus 1.0). The row claims its
-- recording id, so two uploads of one call never run at once; it is deleted when the upload ends, whatever the end.
-- A resumable upload's bytes wait in temporary objects uploads/<id>/part-<n> (each exactly one part size) and
-- uploads/<id>/tail (the rest, shorter than a part) until the upload is complete.
CREATE TABLE upload (
    id               uuid PRIMARY KEY,
    recording_id     uuid        NOT NULL UNIQUE,
    tenant_id        text        NOT NULL,
    uploaded_by      text        NOT NULL,
    resumable        boolean     NOT NULL,
    -- tus Upload-Length and Upload-Offset, bytes; the offset is what the parts and the tail hold together
    upload_length    bigint,
    upload_offset    bigint      NOT NULL DEFAULT 0,
    -- tus Upload-Metadata as received (comma-separated "key base64value" pairs)
    encoded_metadata text,
    parts            integer     NOT NULL DEFAULT 0,
    tail_bytes       bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL
);

-- The sweep of expired uploads.
CREATE INDEX upload_expires_idx ON upload (expires_at);
