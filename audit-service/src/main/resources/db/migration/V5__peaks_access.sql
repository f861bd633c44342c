-- Issue 16: reading a recording's waveform peaks (playback-service, GET /v1/recordings/{id}/peaks) is an access like
-- a stream, audited with action PEAKS (RecordingAccessed v2). Only the CHECK constraint changes; the rows stay
-- append-only (the triggers refuse UPDATE, DELETE and TRUNCATE, not DDL by the schema's owner).
ALTER TABLE audit_event DROP CONSTRAINT audit_event_action_check;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_action_check
    CHECK (action IN ('URL_ISSUED', 'STREAM', 'DOWNLOAD', 'OTHER', 'PEAKS'));
