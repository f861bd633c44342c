-- When fetch-worker tries a failed recording again (RecordingFetchFailed.nextAttemptAt of the latest failure);
-- NULL after its final attempt, before any failure and once the recording is stored.
ALTER TABLE recording ADD COLUMN next_fetch_attempt_at timestamptz;
