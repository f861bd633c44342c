package dev.callvault.playback.streaming;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Health of the object store: UP when the recordings bucket exists and answers ({@code HeadBucket}). */
@Component("objectStore")
class ObjectStoreHealthIndicator extends AbstractHealthIndicator {

    private final MinioClient client;
    private final String bucket;

    ObjectStoreHealthIndicator(MinioClient client, StorageProperties properties) {
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
