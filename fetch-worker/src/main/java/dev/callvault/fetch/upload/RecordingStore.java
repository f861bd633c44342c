package dev.callvault.fetch.upload;

import dev.callvault.fetch.FetchProperties;
import dev.callvault.fetch.InfrastructureException;
import dev.callvault.platform.audio.AudioFormat;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import dev.callvault.platform.storage.RecordingTombstones;
import io.minio.Checksum;
import io.minio.CopyObjectArgs;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.GetBucketLifecycleArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SetBucketLifecycleArgs;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Filter;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.Status;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
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
 * <p>A recording is looked up with one HEAD of its expected key (AWS S3 API Reference, "HeadObject"), never a LIST:
 * a prefix listing costs the store a scan of the day's keys (about 6 ms against 1 ms for a HEAD on S3Proxy with
 * 10,000 objects in one day, measured on 2026-12-05 for commit f078b76), and the one case a listing covered, a
 * provider serving another format than asked for, is checked by a HEAD of the sniffed key before anything is written
 * ({@link #find}).
 *
 * <p>A body that fits in one part ({@code callvault.fetch.part-size}) is read into memory while it is hashed and sent
 * as one PUT that carries its SHA-256 as user metadata {@code x-amz-meta-sha256} (AWS S3 API Reference,
 * "PutObject"): one request per new recording. A larger body becomes an S3 multipart upload through MinIO's
 * {@code putObject} with that part size (AWS S3 API Reference, "CreateMultipartUpload", "CompleteMultipartUpload"),
 * which the SDK aborts on failure, so an object appears only complete; its SHA-256 is known only at the end and is
 * attached by a server-side copy of the object onto itself with the {@code REPLACE} metadata directive (AWS S3 API
 * Reference, "CopyObject"; the SDK switches to a multipart copy above 5 GiB). An object found without that metadata
 * (a crash between the two steps) is hashed once by streaming it from the bucket and healed the same way. Parts of
 * uploads cut off by a crash are left to a bucket lifecycle rule ({@link #abortIncompleteUploadsAfter}).
 *
 * <p>Memory: every upload first reserves its buffer (the declared length when it fits in one part, one part
 * when it is longer, two parts when its length is unknown) from {@link UploadMemory} ({@code callvault.fetch.upload-memory}), so the bodies held at once never
 * exceed that budget however many fetches are in flight.
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

    /**
     * The checksum the SDK sends with every upload and the store checks ({@code x-amz-checksum-crc32}; Amazon S3 User
     * Guide, "Checking object integrity in Amazon S3"). MinIO's client defaults to CRC32C, which it computes a byte at
     * a time in Java: that loop was fetch-worker's hottest method (4 % of its samples, JFR, 2026-12-08). Its CRC32 is
     * the JDK's {@code java.util.zip.CRC32}, which the JIT compiles to the CPU's carry-less multiply instructions.
     * (SHA-256, which the recording's identity uses, is refused by the SDK for a one-part upload: S3 has no full-object
     * SHA-256 checksum.)
     */
    private static final Checksum.Algorithm UPLOAD_CHECKSUM = Checksum.Algorithm.CRC32;

    private static final Logger log = LoggerFactory.getLogger(RecordingStore.class);
    private static final Set<String> NO_LIFECYCLE_CONFIGURATION = Set.of("NoSuchLifecycleConfiguration");
    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");

    private final MinioClient client;
    private final ObjectEncryption encryption;
    private final RecordingTombstones tombstones;
    private final String bucket;
    private final long partSizeBytes;
    private final UploadMemory memory;

    RecordingStore(MinioClient client, ObjectEncryption encryption, RecordingTombstones tombstones,
            ObjectStorageProperties storage, FetchProperties fetch, UploadMemory memory) {
        this.client = client;
        this.encryption = encryption;
        this.tombstones = tombstones;
        this.bucket = storage.bucket();
        this.partSizeBytes = fetch.partSize().toBytes();
        this.memory = memory;
    }

    /** @return the bucket recordings are stored in */
    public String bucket() {
        return bucket;
    }

    /**
     * Looks for a complete recording under a key, with one HEAD request (two when the object lacks its SHA-256
     * metadata and is healed, see the class comment).
     *
     * @param objectKey the key, {@code <tenant>/<yyyy>/<MM>/<dd>/<recordingId>.<ext>}
     * @return the recording with its size, content type and SHA-256, or empty if there is none
     * @throws StorageException if the store cannot be asked
     */
    public Optional<StoredRecording> find(String objectKey) {
        return stat(objectKey);
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
     * @throws InfrastructureException if interrupted while waiting for upload memory
     */
    public StoredRecording upload(String objectKey, AudioFormat format, MeasuringInputStream body, long contentLength)
            throws IOException {
        boolean mayFitOnePart = contentLength < 0 || contentLength <= partSizeBytes;
        // a body of unknown length may hold its first part here and the SDK's copy of it at once
        long reserved = contentLength >= 0 ? Math.min(Math.max(contentLength, 1), partSizeBytes) : 2 * partSizeBytes;
        try (UploadMemory.Lease lease = memory.lease(reserved)) {
            if (!mayFitOnePart) {
                return uploadInParts(objectKey, format, body, contentLength);
            }
            byte[] head = body.readNBytes((int) Math.min(partSizeBytes, contentLength >= 0 ? contentLength
                    : partSizeBytes));
            // at the end of the part, one more read: the end of the body (its length is checked there), or more
            int next = body.read();
            if (next < 0) {
                return uploadOnePart(objectKey, format, head, body.sha256Hex());
            }
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(head),
                    new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) next}), body));
            return uploadInParts(objectKey, format, new MeasuredRest(rest, body), -1);
        }
    }

    private StoredRecording uploadOnePart(String objectKey, AudioFormat format, byte[] bytes, String sha256) {
        ObjectWriteResponse written;
        try {
            written = client.putObject(PutObjectArgs.builder().bucket(bucket).object(objectKey)
                    .data(bytes, bytes.length)
                    .checksum(UPLOAD_CHECKSUM)
                    .contentType(format.contentType())
                    .userMetadata(Map.of(SHA256_METADATA, sha256))
                    .sse(encryption.forWrite())
                    .build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot upload " + bucket + "/" + objectKey, e);
        }
        return new StoredRecording(bucket, objectKey, format.contentType(), bytes.length, sha256,
                encryption.appliedIn(written.headers()));
    }

    private StoredRecording uploadInParts(String objectKey, AudioFormat format, InputStream stream,
            long contentLength) throws IOException {
        MeasuringInputStream measured = stream instanceof MeasuredRest rest ? rest.measured
                : (MeasuringInputStream) stream;
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(objectKey)
                    .stream(stream, contentLength >= 0 ? contentLength : null, partSizeBytes)
                    .checksum(UPLOAD_CHECKSUM)
                    .contentType(format.contentType())
                    .sse(encryption.forWrite())
                    .build());
        } catch (MinioException | RuntimeException e) {
            Optional<IOException> sourceFailure = measured.sourceFailure();
            if (sourceFailure.isPresent()) {
                throw sourceFailure.get();
            }
            throw new StorageException("cannot upload " + bucket + "/" + objectKey, e);
        }
        String sha256 = measured.sha256Hex();
        ObjectWriteResponse copied = attachSha256(objectKey, format.contentType(), sha256);
        return new StoredRecording(bucket, objectKey, format.contentType(), measured.count(), sha256,
                encryption.appliedIn(copied.headers()));
    }

    /** The rest of a body whose first part was read already, remembering the measured stream underneath. */
    private static final class MeasuredRest extends FilterInputStream {

        private final MeasuringInputStream measured;

        MeasuredRest(InputStream rest, MeasuringInputStream measured) {
            super(rest);
            this.measured = measured;
        }
    }

    /**
     * Removes an object this worker wrote (AWS S3 API Reference, "DeleteObject"; a missing key is no error).
     *
     * @param objectKey the key
     * @throws StorageException if the store cannot be asked
     */
    public void remove(String objectKey) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(objectKey).build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot remove " + bucket + "/" + objectKey, e);
        }
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
