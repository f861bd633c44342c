package dev.callvault.local.testing;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what a bucket holds, to assert on objects: keys under a prefix, SHA-256 of an object's bytes, the server-side
 * encryption the store reports for it, and its user metadata.
 */
public final class BucketContents {

    private final MinioClient client;
    private final String bucket;

    /**
     * @param client an S3 client
     * @param bucket the bucket to inspect
     */
    public BucketContents(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /**
     * @param prefix key prefix, e.g. a tenant id with a trailing slash
     * @return keys of every object under the prefix, recursively
     */
    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(result.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list " + bucket + "/" + prefix, e);
        }
        return keys;
    }

    /**
     * Streams an object and hashes it.
     *
     * @param key object key
     * @return SHA-256 of its bytes, lowercase hex
     */
    public String sha256(String key) {
        try {
            return AudioFixtures.sha256Hex(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + bucket + "/" + key, e);
        }
    }

    /**
     * Asks the store how an object is encrypted at rest ({@code HeadObject}; Amazon S3 API Reference, "HeadObject",
     * response header {@code x-amz-server-side-encryption}).
     *
     * @param key object key
     * @return the header's value ({@code AES256}, {@code aws:kms}), or {@code null} when the store reports none
     */
    public String serverSideEncryption(String key) {
        return stat(key).headers().get("x-amz-server-side-encryption");
    }

    /**
     * @param key object key
     * @return the object's user metadata ({@code x-amz-meta-*}, names without the prefix, lowercase)
     */
    public Map<String, String> userMetadata(String key) {
        Map<String, String> metadata = new java.util.TreeMap<>();
        for (Map.Entry<String, String> entry : stat(key).userMetadata()) {
            metadata.putIfAbsent(entry.getKey().toLowerCase(java.util.Locale.ROOT), entry.getValue());
        }
        return metadata;
    }

    /**
     * @param key object key
     * @return whether the bucket holds the object
     */
    public boolean exists(String key) {
        return keys(key).contains(key);
    }

    private StatObjectResponse stat(String key) {
        try {
            return client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot stat " + bucket + "/" + key, e);
        }
    }
}
