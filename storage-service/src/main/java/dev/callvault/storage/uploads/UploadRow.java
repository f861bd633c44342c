package dev.callvault.storage.uploads;

import java.time.Instant;
import java.util.UUID;

/**
 * One upload in progress, table {@code storage.upload} (V6).
 *
 * @param id              upload id (tus: the last segment of the upload URL)
 * @param recordingId     the recording it will become; unique, so one call has one upload at a time
 * @param tenantId        the uploader's tenant
 * @param uploadedBy      the uploader's subject ({@code sub})
 * @param resumable       tus upload ({@code true}) or a simple one
 * @param length          tus {@code Upload-Length}, bytes, or {@code null} (simple uploads)
 * @param offset          bytes received so far
 * @param encodedMetadata tus {@code Upload-Metadata} as received, or {@code null}
 * @param parts           full parts stored as {@code uploads/<id>/part-<n>}
 * @param tailBytes       bytes in {@code uploads/<id>/tail}, fewer than a part
 * @param createdAt       creation time
 * @param expiresAt       when an unfinished upload is swept away
 */
record UploadRow(UUID id, UUID recordingId, String tenantId, String uploadedBy, boolean resumable, Long length,
        long offset, String encodedMetadata, int parts, long tailBytes, Instant createdAt, Instant expiresAt) {

    /** Prefix of the upload's temporary objects. */
    String objectPrefix() {
        return "uploads/" + id + "/";
    }

    /** @return key of its {@code n}-th full part (1-based) */
    String partKey(int n) {
        return objectPrefix() + "part-" + String.format("%05d", n);
    }

    /** @return key of its tail */
    String tailKey() {
        return objectPrefix() + "tail";
    }

    UploadRow withProgress(long newOffset, int newParts, long newTailBytes, Instant newExpiresAt) {
        return new UploadRow(id, recordingId, tenantId, uploadedBy, resumable, length, newOffset, encodedMetadata,
                newParts, newTailBytes, createdAt, newExpiresAt);
    }
}
