package dev.callvault.storage.objects;

import java.time.Instant;

/**
 * One object of a bucket listing.
 *
 * @param bucket       the bucket
 * @param objectKey    its key
 * @param sizeBytes    its size, bytes
 * @param lastModified when it was last written (S3 {@code LastModified}, second precision on most stores)
 */
public record StoredObjectSummary(String bucket, String objectKey, long sizeBytes, Instant lastModified) {
}
