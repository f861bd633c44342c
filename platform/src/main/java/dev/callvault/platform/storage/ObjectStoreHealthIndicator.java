package dev.callvault.platform.storage;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code objectStore} component of {@code /actuator/health}: UP when the recordings bucket exists and answers
 * ({@code HeadBucket}, Amazon S3 API Reference), DOWN when it does not exist or the store cannot be reached.
 */
public class ObjectStoreHealthIndicator extends AbstractHealthIndicator {

    private final MinioClient client;
    private final String bucket;

    /**
     * @param client     the client of the recordings bucket
     * @param properties gives the bucket
     */
    public ObjectStoreHealthIndicator(MinioClient client, ObjectStorageProperties properties) {
        super("Object store health check failed");
        this.client = client;
        this.bucket = properties.bucket();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        boolean exists = client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        (exists ? builder.up() : builder.down()).withDetail("bucket", bucket).withDetail("exists", exists);
    }
}
