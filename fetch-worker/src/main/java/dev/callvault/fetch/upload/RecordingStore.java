package dev.callvault.fetch.upload;

import dev.callvault.fetch.FetchProperties;
import dev.callvault.platform.audio.AudioFormat;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import dev.callvault.platform.storage.RecordingTombstones;
import io.minio.CopyObjectArgs;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.GetBucketLifecycleArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.SetBucketLifecycleArgs;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Filter;
import io.minio.messages.Item;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The recordings bucket: finds complete recordings and streams new ones in.
 *
 * <p>Uploads go through MinIO's {@code putObject} with a bounded part size: a body larger than one part becomes an S3
 * multipart upload (AWS S3 API Reference, "CreateMultipartUpload", "CompleteMultipartUpload") that the SDK aborts on
 * failure, so an object appears only complete and memory per upload stays at about one part. The SHA-256 is known
 * only once the body has been read, so it is attached afterwards as user metadata {@code x-amz-meta-sha256} by a
 * server-side copy of the object onto itself with the {@code REPLACE} metadata directive (AWS S3 API Reference,
 * "CopyObject"; the SDK switches to a multipart copy above 5 GiB). An object found without that metadata (a crash
 * between the two steps) is hashed once by streaming it from the bucket and healed the same way. Parts of uploads cut
 * off by a crash are left to a bucket lifecycle rule ({@link #abortIncompleteUploadsAfter}).
 *
 * <p>Every put, multipart upload and copy carries the configured server-side encryption ({@link ObjectEncryption});
 * with SSE-C every stat, read and copy source carries the customer key too. How an object is encrypted is taken
 * from the store's answer (its {@code x-amz-server-side-encryption*} response headers), not assumed.
 */
@Component
public class RecordingStore {

    /** User metadata key (sent as {@code x-amz-meta-sha256}) holding the object's SHA-256, lowercase hex. */
    public static final String SHA256_METADATA = "sha256";

    /** Id of the rule in the bucket's lifecycle configuration that aborts incomplete multipart uploads. */
    public static final String ABORT_INCOMPLETE_UPLOADS_RULE = "callvault-abort-incomplete-multipart-uploads";

    private static final Logger log = LoggerFactory.getLogger(RecordingStore.class);
    private static final Set<String> NO_LIFECYCLE_CONFIGURATION = Set.of("NoSuchLifecycleConfiguration");
    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");

    private final MinioClient client;
    private final ObjectEncryption encryption;
    private final RecordingTombstones tombstones;
    private final String bucket;
    private final long partSizeBytes;

    RecordingStore(MinioClient client, ObjectEncryption encryption, RecordingTombstones tombstones,
            ObjectStorageProperties storage, FetchProperties fetch) {
        this.client = client;
        this.encryption = encryption;
        this.tombstones = tombstones;
        this.bucket = storage.bucket();
        this.partSizeBytes = fetch.partSize().toBytes();
    }

    /** @return the bucket recordings are stored in */
    public String bucket() {
        return bucket;
    }

    /**
     * Looks for a complete recording under a key, or under the same key stem with another audio extension (the
     * provider may have served another format than the one asked for).
     *
     * @param objectKey the expected key, {@code <stem>.<ext>}
     * @return the recording with its size, content type and SHA-256, or empty if there is none
     * @throws StorageException if the store cannot be asked
     */
    public Optional<StoredRecording> find(String objectKey) {
        Optional<StoredRecording> exact = stat(objectKey);
        if (exact.isPresent()) {
            return exact;
        }
        String stem = objectKey.substring(0, objectKey.lastIndexOf('.') + 1);
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(stem)
                    .build())) {
                String key = result.get().objectName();
                String extension = key.substring(stem.length());
                if (!key.equals(objectKey) && AudioFormat.ofExtension(extension).isPresent()) {
                    return stat(key);
                }
            }
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot list " + bucket + "/" + stem + "*", e);
        }
        return Optional.empty();
    }

    /**
     * Looks for the tombstone storage-service leaves when it deletes a recording ({@link RecordingTombstones}).
     *
     * @param tenantId    the recording's tenant
     * @param recordingId the recording
     * @return the deletion's reason (e.g. {@code RETENTION}, {@code USER_REQUEST}) if the recording was deleted
     * @throws StorageException if the store cannot be asked
     */
    public Optional<String> deletion(String tenantId, java.util.UUID recordingId) {
        try {
            return tombstones.find(tenantId, recordingId);
        } catch (RecordingTombstones.TombstoneException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    /**
     * Streams a body into a new object. Nothing stays behind when this fails: a single PUT is only sent once its
     * whole (bounded) buffer is read, and a multipart upload is aborted.
     *
     * @param objectKey     the key to create (an existing object is replaced)
     * @param format        the sniffed format, giving the content type
     * @param body          the body, hashed and counted on the way; read to its end
     * @param contentLength the declared length in bytes, or -1 when unknown
     * @return the stored recording
     * @throws IOException      if reading the body failed (the provider's fault: truncated, reset, timed out)
     * @throws StorageException if the store failed while the body was fine
     */
    public StoredRecording upload(String objectKey, AudioFormat format, MeasuringInputStream body, long contentLength)
            throws IOException {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(objectKey)
                    .stream(body, contentLength >= 0 ? contentLength : null, partSizeBytes)
                    .contentType(format.contentType())
                    .sse(encryption.forWrite())
                    .build());
        } catch (MinioException | RuntimeException e) {
            Optional<IOException> sourceFailure = body.sourceFailure();
            if (sourceFailure.isPresent()) {
                throw sourceFailure.get();
            }
            throw new StorageException("cannot upload " + bucket + "/" + objectKey, e);
        }
        String sha256 = body.sha256Hex();
        ObjectWriteResponse copied = attachSha256(objectKey, format.contentType(), sha256);
        return new StoredRecording(bucket, objectKey, format.contentType(), body.count(), sha256,
                encryption.appliedIn(copied.headers()));
    }

    private Optional<StoredRecording> stat(String objectKey) {
        StatObjectResponse stat;
        try {
            stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(objectKey)
                    .ssec(encryption.forRead()).build());
        } catch (ErrorResponseException e) {
            if (NOT_FOUND_CODES.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new StorageException("cannot stat " + bucket + "/" + objectKey, e);
        } catch (MinioException | RuntimeException e) {
            // MinIO 9 reports an unreachable store (connection refused, reset) as an IllegalStateException
            throw new StorageException("cannot stat " + bucket + "/" + objectKey, e);
        }
        String contentType = contentTypeOf(objectKey, stat.contentType());
        String sha256 = stat.userMetadata().getFirst(SHA256_METADATA);
        ObjectEncryption.Applied applied = encryption.appliedIn(stat.headers());
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            log.info("Object {}/{} has no SHA-256 metadata; hashing it from the bucket once", bucket, objectKey);
            sha256 = hashFromBucket(objectKey);
            applied = encryption.appliedIn(attachSha256(objectKey, contentType, sha256).headers());
        }
        return Optional.of(new StoredRecording(bucket, objectKey, contentType, stat.size(), sha256, applied));
    }

    private static String contentTypeOf(String objectKey, String stored) {
        String extension = objectKey.substring(objectKey.lastIndexOf('.') + 1);
        return AudioFormat.ofExtension(extension).map(AudioFormat::contentType)
                .orElse(stored == null ? "application/octet-stream" : stored);
    }

    private String hashFromBucket(String objectKey) {
        try (GetObjectResponse object = client.getObject(GetObjectArgs.builder().bucket(bucket).object(objectKey)
                .ssec(encryption.forRead()).build());
             MeasuringInputStream measuring = new MeasuringInputStream(object, -1)) {
            measuring.transferTo(OutputStream.nullOutputStream());
            return measuring.sha256Hex();
        } catch (MinioException | IOException | RuntimeException e) {
            throw new StorageException("cannot hash " + bucket + "/" + objectKey, e);
        }
    }

    private ObjectWriteResponse attachSha256(String objectKey, String contentType, String sha256) {
        try {
            return client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(objectKey)
                    .source(SourceObject.builder().bucket(bucket).object(objectKey).ssec(encryption.forRead()).build())
                    .metadataDirective(Directive.REPLACE)
                    .headers(Map.of("Content-Type", contentType))
                    .userMetadata(Map.of(SHA256_METADATA, sha256))
                    .sse(encryption.forWrite())
                    .build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot attach metadata to " + bucket + "/" + objectKey, e);
        }
    }

    /**
     * Makes sure the bucket's lifecycle configuration holds a rule ({@link #ABORT_INCOMPLETE_UPLOADS_RULE}) that
     * aborts multipart uploads still incomplete {@code days} days after they began (AWS S3 API Reference,
     * "PutBucketLifecycleConfiguration", {@code AbortIncompleteMultipartUpload/DaysAfterInitiation}); the bucket's
     * other rules are kept. A store without lifecycle support (S3Proxy answers {@code NotImplemented}) or a
     * credential not allowed to set it gets one warning.
     *
     * @param days days after initiation, at least 1
     * @return what happened
     */
    public LifecycleResult abortIncompleteUploadsAfter(int days) {
        try {
            List<LifecycleConfiguration.Rule> rules = new ArrayList<>();
            for (LifecycleConfiguration.Rule rule : currentRules()) {
                if (!ABORT_INCOMPLETE_UPLOADS_RULE.equals(rule.id())) {
                    rules.add(rule);
                } else if (rule.abortIncompleteMultipartUpload() != null
                        && rule.abortIncompleteMultipartUpload().daysAfterInitiation() == days) {
                    return LifecycleResult.UNCHANGED;
                }
            }
            rules.add(new LifecycleConfiguration.Rule(Status.ENABLED,
                    new LifecycleConfiguration.AbortIncompleteMultipartUpload(days), null, new Filter(""),
                    ABORT_INCOMPLETE_UPLOADS_RULE, null, null, null));
            client.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(bucket)
                    .config(new LifecycleConfiguration(rules)).build());
            log.info("Bucket {}: incomplete multipart uploads are aborted {} day(s) after they began", bucket, days);
            return LifecycleResult.APPLIED;
        } catch (ErrorResponseException e) {
            log.warn("Bucket {}: the store refused the lifecycle rule that aborts incomplete multipart uploads ({}),"
                    + " so uploads cut off by a crash stay until removed by hand or by the store's own policy",
                    bucket, e.errorResponse().code());
            return LifecycleResult.NOT_SUPPORTED;
        } catch (MinioException e) {
            log.warn("Bucket {}: cannot set the lifecycle rule that aborts incomplete multipart uploads ({});"
                    + " starting without it", bucket, e.getMessage());
            return LifecycleResult.NOT_SUPPORTED;
        }
    }

    private List<LifecycleConfiguration.Rule> currentRules() throws MinioException {
        try {
            LifecycleConfiguration current = client.getBucketLifecycle(GetBucketLifecycleArgs.builder().bucket(bucket)
                    .build());
            return current == null || current.rules() == null ? List.of() : current.rules();
        } catch (ErrorResponseException e) {
            if (NO_LIFECYCLE_CONFIGURATION.contains(e.errorResponse().code())) {
                return List.of();
            }
            throw e;
        }
    }

    /** What setting the lifecycle rule for incomplete uploads came to. */
    public enum LifecycleResult {
        /** The rule was added or its days changed. */
        APPLIED,
        /** The rule was already there as configured. */
        UNCHANGED,
        /** The store does not support (or does not let us set) lifecycle rules; a warning was logged. */
        NOT_SUPPORTED
    }
}
