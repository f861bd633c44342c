-- Encryption at rest (issue 5): how object storage encrypts the recording's object, as its RecordingStored said
-- (NONE, SSE_S3, SSE_KMS, SSE_C; NULL for objects stored before encryption was recorded), and which key: the KMS key
-- id for SSE_KMS, the configured key name for SSE_C, never key material.
ALTER TABLE recording
    ADD COLUMN server_side_encryption varchar(16),
    ADD COLUMN encryption_key_id      text,
    ADD CONSTRAINT recording_server_side_encryption_check
        CHECK (server_side_encryption IN ('NONE', 'SSE_S3', 'SSE_KMS', 'SSE_C'));
