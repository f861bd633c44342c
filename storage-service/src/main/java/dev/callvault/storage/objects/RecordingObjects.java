package dev.callvault.storage.objects;

import dev.callvault.events.ObjectKeys;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import dev.callvault.platform.storage.RecordingTombstones;
import io.minio.DisableObjectLegalHoldArgs;
import io.minio.EnableObjectLegalHoldArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Lists, checks and deletes recording objects and places or releases their object-lock legal holds (Amazon S3 API Reference,
 * "DeleteObject", "PutObjectLegalHold"; Amazon S3 User Guide, "Locking objects with Object Lock").
 *
 * <p>A legal hold in the store needs a bucket created with object lock enabled (MinIO: {@code mc mb --with-lock});
 * stores or buckets without it refuse the request (S3: {@code InvalidRequest}, S3Proxy: {@code NotImplemented}).
 * The refusal is logged once at WARN and reported to the caller as "not applied": the catalog's hold still protects
 * the recording from CallVault's own deletions.
 *
 * <p>With SSE-C every {@code HeadObject} carries the customer key ({@link ObjectEncryption}): S3 answers 400 to a
 * {@code HeadObject} of an SSE-C object without it.
 */
@Component
public class RecordingObjects {

    private static final Logger log = LoggerFactory.getLogger(RecordingObjects.class);

    /** Error codes of a {@code HeadObject} that mean "there is no such object" (S3 answers 404 without a body). */
    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject", "ResourceNotFound");

    private final MinioClient client;
    private final ObjectEncryption encryption;
    private final RecordingTombstones tombstones;
    private final ObjectStorageProperties properties;
    private final AtomicBoolean refusalLogged = new AtomicBoolean();

    RecordingObjects(MinioClient client, ObjectEncryption encryption, RecordingTombstones tombstones,
            ObjectStorageProperties properties) {
        this.client = client;
        this.encryption = encryption;
        this.tombstones = tombstones;
        this.properties = properties;
    }

    /**
     * Deletes a recording from object storage: first its tombstone ({@link RecordingTombstones}, with the reason and
     * time), then its audio object if it has one, then the derivatives media-worker writes next to it
     * ({@link ObjectKeys#DERIVATIVES}: waveform peaks, Opus rendition; a missing one counts as deleted), so an erasure
     * is complete whether or not media-worker runs. A crash in between leaves the tombstone, so fetch-worker never
     * fetches the recording again, media-worker never publishes what it derived meanwhile, and the next attempt
     * (retention run, repeated {@code DELETE}) deletes the rest.
     *
     * @param tenantId    the recording's tenant
     * @param recordingId the recording
     * @param bucket      its object's bucket, or {@code null} for the configured one
     * @param objectKey   its object's key, or {@code null} when it never had one
     * @param reason      why, e.g. {@code RETENTION}, {@code USER_REQUEST}
     * @param deletedAt   when
     * @throws ObjectStorageException if the store refused or could not be reached (nothing is known to be deleted)
     */
    public void deleteRecording(String tenantId, UUID recordingId, String bucket, String objectKey, String reason,
            Instant deletedAt) {
        try {
            tombstones.write(tenantId, recordingId, reason, deletedAt);
        } catch (RecordingTombstones.TombstoneException e) {
            throw new ObjectStorageException(e.getMessage(), e);
        }
        if (objectKey != null) {
            delete(bucket, objectKey);
            for (String suffix : ObjectKeys.DERIVATIVES) {
                delete(bucket, ObjectKeys.derivativeOf(objectKey, suffix));
            }
        }
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

    /**
     * Whether an object exists ({@code HeadObject}, Amazon S3 API Reference "HeadObject"): a 404, or a bucket that
     * does not exist, means it does not.
     *
     * @param bucket    the bucket, or {@code null} for the configured one
     * @param objectKey the key
     * @return whether the store holds the object
     * @throws ObjectStorageException if the store answered anything else or could not be reached
     */
    public boolean exists(String bucket, String objectKey) {
        String target = bucketOr(bucket);
        try {
            client.statObject(StatObjectArgs.builder().bucket(target).object(objectKey).ssec(encryption.forRead())
                    .build());
            return true;
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code()) || (e.response() != null && e.response().code() == 404)) {
                return false;
            }
            throw new ObjectStorageException("checking " + target + "/" + objectKey + " failed: "
                    + e.errorResponse().code(), e);
        } catch (MinioException e) {
            throw new ObjectStorageException("checking " + target + "/" + objectKey + " failed", e);
        }
    }

    /**
     * Every object of the configured bucket, in key order ({@code ListObjectsV2}, recursive). The listing is read
     * lazily, one page of at most 1000 keys per request, so memory does not grow with the bucket; folders and delete
     * markers are skipped.
     *
     * @return a single-use iterable; its iterator throws {@link ObjectStorageException} if a page cannot be read
     */
    public Iterable<StoredObjectSummary> listAll() {
        String bucket = properties.bucket();
        Iterable<Result<Item>> listing = client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true)
                .build());
        return () -> new Iterator<>() {
            private final Iterator<Result<Item>> items = listing.iterator();
            private StoredObjectSummary next;

            @Override
            public boolean hasNext() {
                while (next == null && items.hasNext()) {
                    Item item;
                    try {
                        item = items.next().get();
                    } catch (MinioException e) {
                        throw new ObjectStorageException("listing bucket " + bucket + " failed", e);
                    }
                    if (!item.isDir() && !item.isDeleteMarker()) {
                        next = new StoredObjectSummary(bucket, item.objectName(), item.size(),
                                item.lastModified() == null ? Instant.EPOCH : item.lastModified().toInstant());
                    }
                }
                return next != null;
            }

            @Override
            public StoredObjectSummary next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                StoredObjectSummary current = next;
                next = null;
                return current;
            }
        };
    }

    /** @return the configured bucket of the recordings */
    public String bucket() {
        return properties.bucket();
    }

    private String bucketOr(String bucket) {
        return bucket == null || bucket.isBlank() ? properties.bucket() : bucket;
    }
}
