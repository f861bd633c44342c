package dev.callvault.storage.catalog;

import dev.callvault.events.CallDirection;
import dev.callvault.events.ServerSideEncryption;
import java.time.Instant;
import java.util.UUID;

/**
 * A recording an uploader stored directly, as the catalog records it (provider {@code UPLOAD}).
 *
 * @param recordingId     the recording id ({@code RecordingIds.ofUpload(tenantId, callId)})
 * @param tenantId        the uploader's tenant
 * @param callId          the uploader's call id (kept as provider call id and provider recording id)
 * @param callStartedAt   call start, or {@code null}
 * @param callEndedAt     call end, or {@code null}
 * @param durationSeconds duration in whole seconds, or {@code null}
 * @param channels        audio channels, or {@code null}
 * @param direction       call direction, or {@code null}
 * @param agentId         agent on the call, or {@code null}
 * @param fromNumber      calling party, or {@code null}
 * @param toNumber        called party, or {@code null}
 * @param bucket          bucket of the object
 * @param objectKey       the object's key ({@code ObjectKeys})
 * @param contentType     the object's media type
 * @param sizeBytes       its size, bytes
 * @param sha256          its SHA-256, lowercase hex
 * @param serverSideEncryption how the store encrypts it at rest, as its answer to the put said
 * @param encryptionKeyId KMS key id (SSE-KMS) or configured key name (SSE-C), or {@code null}
 * @param storedAt        when the object was complete
 */
public record UploadedRecording(UUID recordingId, String tenantId, String callId, Instant callStartedAt,
        Instant callEndedAt, Integer durationSeconds, Integer channels, CallDirection direction, String agentId,
        String fromNumber, String toNumber, String bucket, String objectKey, String contentType, long sizeBytes,
        String sha256, ServerSideEncryption serverSideEncryption, String encryptionKeyId, Instant storedAt) {
}
