package dev.callvault.fetch.upload;

import dev.callvault.platform.storage.ObjectEncryption;

/**
 * A complete recording object in the bucket.
 *
 * @param bucket      bucket name
 * @param objectKey   key, {@code <tenantId>/<yyyy>/<MM>/<dd>/<recordingId>.<ext>}
 * @param contentType media type, e.g. {@code audio/mpeg}
 * @param sizeBytes   object size in bytes
 * @param sha256      SHA-256 of the object's bytes, lowercase hex
 * @param encryption  how the store says the object is encrypted at rest (from its response headers)
 */
public record StoredRecording(String bucket, String objectKey, String contentType, long sizeBytes, String sha256,
        ObjectEncryption.Applied encryption) {
}
