package dev.callvault.fetch.upload;

/**
 * A complete recording object in the bucket.
 *
 * @param bucket      bucket name
 * @param objectKey   key, {@code <tenantId>/<yyyy>/<MM>/<dd>/<recordingId>.<ext>}
 * @param contentType media type, e.g. {@code audio/mpeg}
 * @param sizeBytes   object size in bytes
 * @param sha256      SHA-256 of the object's bytes, lowercase hex
 */
public record StoredRecording(String bucket, String objectKey, String contentType, long sizeBytes, String sha256) {
}
