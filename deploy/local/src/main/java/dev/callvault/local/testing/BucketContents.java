package dev.callvault.local.testing;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.util.ArrayList;
import java.util.List;

/** Reads what a bucket holds, to assert on objects: keys under a prefix and SHA-256 of an object's bytes. */
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
}
