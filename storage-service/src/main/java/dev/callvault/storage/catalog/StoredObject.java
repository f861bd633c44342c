package dev.callvault.storage.catalog;

import dev.callvault.events.ServerSideEncryption;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * A recording's object in storage, as its {@code RecordingStored} (or the upload) said (columns {@code bucket} ..
 * {@code stored_at} of {@code storage.recording}). Every part is {@code null} before the object is stored; a deletion
 * keeps them as history.
 *
 * @param bucket               bucket name, or {@code null} (the configured bucket)
 * @param objectKey            object key, {@code <tenantId>/<yyyy>/<MM>/<dd>/<recordingId>.<ext>}
 * @param contentType          media type
 * @param sizeBytes            size in bytes
 * @param sha256               SHA-256 of the bytes, lowercase hex
 * @param serverSideEncryption how object storage encrypts the object, or {@code null} when the event did not say
 *                             (published before encryption was recorded)
 * @param encryptionKeyId      KMS key id (SSE-KMS) or configured key name (SSE-C), never key material; or
 *                             {@code null}
 * @param storedAt             when the object was stored (the event's {@code occurredAt})
 */
@Embeddable
public record StoredObject(
        @Column(name = "bucket") String bucket,
        @Column(name = "object_key") String objectKey,
        @Column(name = "content_type") String contentType,
        @Column(name = "size_bytes") Long sizeBytes,
        @Column(name = "sha256") String sha256,
        @Enumerated(EnumType.STRING) @Column(name = "server_side_encryption") ServerSideEncryption serverSideEncryption,
        @Column(name = "encryption_key_id") String encryptionKeyId,
        @Column(name = "stored_at") Instant storedAt) {

    /** No object stored yet. */
    static final StoredObject NONE = new StoredObject(null, null, null, null, null, null, null, null);
}
