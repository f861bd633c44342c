-- Renditions (issue 16): media-worker's latest RecordingDerived of each recording and rendition, kept apart from the
-- catalog entry like its analysis (V9). The catalog lists a rendition while source_sha256 is the entry's object
-- checksum; a deletion removes it.
CREATE TABLE recording_rendition (
    recording_id     uuid        NOT NULL,
    rendition        varchar(16) NOT NULL CHECK (rendition IN ('OPUS', 'OTHER')),
    tenant_id        text        NOT NULL,
    event_id         uuid        NOT NULL,
    source_sha256    text        NOT NULL,
    object_key       text        NOT NULL,
    sha256           text        NOT NULL,
    size_bytes       bigint      NOT NULL,
    content_type     text        NOT NULL,
    codec            text        NOT NULL,
    bitrate_bps      integer     NOT NULL,
    channels         integer     NOT NULL,
    parameters       text        NOT NULL,
    derived_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (recording_id, rendition)
);
