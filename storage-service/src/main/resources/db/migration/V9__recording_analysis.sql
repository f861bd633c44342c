-- Media analysis (issue 16): media-worker's latest RecordingAnalyzed of each recording, kept apart from the catalog
-- entry so that it may arrive before the entry (the topics are consumed without mutual order). The catalog shows it
-- while source_sha256 is the entry's object checksum; a deletion removes it.
CREATE TABLE recording_analysis (
    recording_id            uuid PRIMARY KEY,
    tenant_id               text             NOT NULL,
    event_id                uuid             NOT NULL,
    source_sha256           text             NOT NULL,
    analyzer_version        text             NOT NULL,
    outcome                 varchar(16)      NOT NULL CHECK (outcome IN ('ANALYZED', 'FAILED')),
    failure_reason          text,
    duration_ms             bigint,
    channels                integer,
    sample_rate_hz          integer,
    loudness_lufs           double precision,
    talk_over_ms            bigint,
    per_channel             jsonb            NOT NULL DEFAULT '[]',
    peaks_object_key        text,
    peaks_samples_per_pixel integer,
    peaks_size_bytes        bigint,
    analyzed_at             timestamptz      NOT NULL,
    updated_at              timestamptz      NOT NULL
);
