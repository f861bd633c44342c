package dev.callvault.storage.objects;

import io.minio.DisableObjectLegalHoldArgs;
import io.minio.EnableObjectLegalHoldArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes recording objects and places or releases their object-lock legal holds (Amazon S3 API Reference,
 * "DeleteObject", "PutObjectLegalHold"; Amazon S3 User Guide, "Locking objects with Object Lock").
 *
 * <p>A legal hold in the store needs a bucket created with object lock enabled (MinIO: {@code mc mb --with-lock});
 * stores or buckets without it refuse the request (S3: {@code InvalidRequest}, S3Proxy: {@code NotImplemented}).
 * The refusal is logged once at WARN and reported to the caller as "not applied": the catalog's hold still protects
 * the recording from CallVault's own deletions.
 */
@Component
public class RecordingObjects {

    private static final Logger log = LoggerFactory.getLogger(RecordingObjects.class);

    private final MinioClient client;
    private final ObjectStorageProperties properties;
    private final AtomicBoolean refusalLogged = new AtomicBoolean();

    RecordingObjects(MinioClient client, ObjectStorageProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /**
     * Deletes an object. A missing object counts as deleted (S3's {@code DeleteObject} answers 204 for it too).
     *
     * @param bucket    the bucket, or {@code null} for the configured one
     * @param objectKey the key
     * @throws ObjectStorageException if the store refused or could not be reached
     */
    public void delete(String bucket, String objectKey) {
        String target = bucketOr(bucket);
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(target).object(objectKey).build());
        } catch (ErrorResponseException e) {
            if (!"NoSuchKey".equals(e.errorResponse().code())) {
                throw new ObjectStorageException("deleting " + target + "/" + objectKey + " failed: "
                        + e.errorResponse().code(), e);
            }
        } catch (MinioException e) {
            throw new ObjectStorageException("deleting " + target + "/" + objectKey + " failed", e);
        }
    }

    /**
     * Places ({@code on=true}) or releases an object-lock legal hold on an object.
     *
     * @param bucket    the bucket, or {@code null} for the configured one
     * @param objectKey the key
     * @param on        place or release
     * @return whether the store applied it; {@code false} when it refused (no object lock on the bucket, or a store
     *         without the API) or could not be reached (logged at WARN)
     */
    public boolean legalHold(String bucket, String objectKey, boolean on) {
        String target = bucketOr(bucket);
        try {
            if (on) {
                client.enableObjectLegalHold(EnableObjectLegalHoldArgs.builder().bucket(target).object(objectKey)
                        .build());
            } else {
                client.disableObjectLegalHold(DisableObjectLegalHoldArgs.builder().bucket(target).object(objectKey)
                        .build());
            }
            return true;
        } catch (ErrorResponseException e) {
            if (refusalLogged.compareAndSet(false, true)) {
                log.warn("object storage refuses object-lock legal holds on bucket {} ({}: {}); holds are kept in the"
                        + " catalog only (logged once)", target, e.errorResponse().code(), e.errorResponse().message());
            }
            return false;
        } catch (MinioException e) {
            log.warn("could not {} the object-lock legal hold of {}/{}: {}", on ? "place" : "release", target,
                    objectKey, e.toString());
            return false;
        }
    }

    private String bucketOr(String bucket) {
        return bucket == null || bucket.isBlank() ? properties.bucket() : bucket;
    }
}
