-- Issue 16: the custody timeline records each rendition derived from a recording (RecordingDerived: the original's
-- and the rendition's SHA-256, codec and parameters). Only the CHECK constraint changes; rows stay append-only.
ALTER TABLE custody_event DROP CONSTRAINT custody_event_kind_check;
ALTER TABLE custody_event ADD CONSTRAINT custody_event_kind_check
    CHECK (kind IN ('CALL_ENDED', 'RECORDING_STORED', 'RECORDING_FETCH_FAILED', 'RECORDING_DELETED',
                    'LEGAL_HOLD_PLACED', 'LEGAL_HOLD_RELEASED', 'LIFECYCLE_CHANGED', 'RECORDING_DERIVED'));
