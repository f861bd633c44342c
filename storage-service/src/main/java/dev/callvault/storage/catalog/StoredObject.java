package dev.callvault.storage.catalog;

import dev.callvault.events.ServerSideEncryption;
import java.time.Instant;

/**
 * What a {@code RecordingStored} event says about the object.
 *
 * @param bucket          bucket name
 * @param objectKey       object key, {@code <tenantId>/<yyyy>/<MM>/<dd>/<recordingId>.<ext>}
 * @param contentType     media type
 * @param sizeBytes       size in bytes
 * @param sha256          SHA-256 of the bytes, lowercase hex
 * @param serverSideEncryption how object storage encrypts the object, or {@code null} when the event did not say
 * @param encryptionKeyId KMS key id (SSE-KMS) or configured key name (SSE-C), or {@code null}
 * @param durationSeconds measured duration in whole seconds, or {@code null}
 * @param channels        measured channel count, or {@code null}
 * @param callEndedAt     call end, or {@code null}
 * @param storedAt        when the object was stored (the event's {@code occurredAt})
 */
record StoredObject(String bucket, String objectKey, String contentType, long sizeBytes, String sha256,
        ServerSideEncryption serverSideEncryption, String encryptionKeyId, Integer durationSeconds, Integer channels,
        Instant callEndedAt, Instant storedAt) {
}
