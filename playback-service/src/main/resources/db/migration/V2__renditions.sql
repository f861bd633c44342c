-- Renditions (issue 16): the renditions media-worker derived from each recording's object (RecordingDerived), so
-- that a signed URL can stream one. A rendition is served only while source_sha256 is the recording's sha256; a
-- RecordingDeleted removes the recording's rows.
CREATE TABLE rendition (
    recording_id  uuid         NOT NULL,
    rendition     varchar(16)  NOT NULL,
    tenant_id     varchar(128) NOT NULL,
    source_sha256 varchar(64)  NOT NULL,
    object_key    text         NOT NULL,
    content_type  text         NOT NULL,
    size_bytes    bigint       NOT NULL CHECK (size_bytes >= 0),
    sha256        varchar(64)  NOT NULL,
    derived_at    timestamptz  NOT NULL,
    PRIMARY KEY (recording_id, rendition)
);
