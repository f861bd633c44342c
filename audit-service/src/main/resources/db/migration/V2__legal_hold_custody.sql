-- Legal holds placed and released (RecordingLifecycleChanged on callvault.recording-lifecycle.v1) join the custody
-- timeline. Only the kind check changes; rows stay append-only.
ALTER TABLE custody_event DROP CONSTRAINT custody_event_kind_check;
ALTER TABLE custody_event ADD CONSTRAINT custody_event_kind_check
    CHECK (kind IN ('CALL_ENDED', 'RECORDING_STORED', 'RECORDING_FETCH_FAILED', 'RECORDING_DELETED',
                    'LEGAL_HOLD_PLACED', 'LEGAL_HOLD_RELEASED', 'LIFECYCLE_CHANGED'));
