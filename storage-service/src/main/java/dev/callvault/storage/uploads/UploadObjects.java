package dev.callvault.storage.uploads;

import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.InputStream;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Every object-storage call of the uploads: the one place that writes upload bytes into the recordings bucket, so
 * that settings every write must carry (server-side encryption) are added here once.
 *
 * <p>Writes go through MinIO's {@code putObject} with a bounded part size ({@code callvault.storage.uploads.part-size}):
 * a body longer than one part becomes an S3 multipart upload (Amazon S3 API Reference, "CreateMultipartUpload",
 * "UploadPart", "CompleteMultipartUpload") that the SDK aborts ("AbortMultipartUpload") when the body fails, so an
 * object appears only complete and a refused or broken upload leaves neither an object nor parts. Memory per write is
 * about one part. Every write carries the configured server-side encryption, and every read the SSE-C key when that
 * is the mode ({@link ObjectEncryption}).
 *
 * <p>Refusals for space map to 507: MinIO's {@code XMinioStorageFull}, {@code XMinioDiskFull} and
 * {@code XMinioAdminBucketQuotaExceeded} (MinIO {@code cmd/api-errors.go}), and the {@code QuotaExceeded} and
 * {@code ServiceQuotaExceeded} of S3-compatible stores such as Ceph RGW.
 */
@Component
class UploadObjects {

    /** Error codes with which a store refuses a write for lack of space or quota. */
    static final Set<String> NO_SPACE = Set.of("XMinioStorageFull", "XMinioAdminBucketQuotaExceeded",
            "QuotaExceeded", "ServiceQuotaExceeded", "XMinioDiskFull", "InsufficientStorage");

    private final MinioClient client;
    private final String bucket;
    private final long partSize;
    private final ObjectEncryption encryption;

    UploadObjects(MinioClient client, ObjectStorageProperties storage, UploadProperties uploads,
            ObjectEncryption encryption) {
        this.client = client;
        this.encryption = encryption;
        this.bucket = storage.bucket();
        this.partSize = uploads.partSize().toBytes();
    }

    /** @return the bucket uploads are written to */
    String bucket() {
        return bucket;
    }

    /**
     * Streams a body into an object. The body is read to its end; a body that throws aborts the write.
     *
     * @param objectKey   the key
     * @param contentType the object's media type
     * @param body        the bytes; when it fails because it refused the upload (an {@link UploadRefusedException}
     *                    as cause of its {@code IOException}), that refusal is thrown
     * @param size        the body's length in bytes, or -1 when unknown (multipart in parts of the configured size)
     * @return how the store says it encrypted the object (from the put's response headers)
     * @throws UploadRefusedException 507 when the store refuses for space, 503 when it fails otherwise, or the
     *                                body's own refusal
     */
    ObjectEncryption.Applied put(String objectKey, String contentType, InputStream body, long size) {
        try {
            ObjectWriteResponse written = client.putObject(PutObjectArgs.builder().bucket(bucket).object(objectKey)
                    .stream(body, size >= 0 ? size : null, size >= 0 && size < partSize ? null : partSize)
                    .contentType(contentType)
                    .sse(encryption.forWrite())
                    .build());
            return encryption.appliedIn(written.headers());
        } catch (MinioException | RuntimeException e) {
            throw translate("storing " + objectKey, e);
        }
    }

    /**
     * Tells whether an object exists (AWS S3 API Reference, "HeadObject").
     *
     * @param objectKey the key
     * @return whether the bucket holds an object under it
     * @throws UploadRefusedException 503 when the store fails
     */
    boolean exists(String objectKey) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(objectKey).ssec(encryption.forRead())
                    .build());
            return true;
        } catch (ErrorResponseException e) {
            if (Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound").contains(e.errorResponse().code())) {
                return false;
            }
            throw translate("looking up " + objectKey, e);
        } catch (MinioException | RuntimeException e) {
            throw translate("looking up " + objectKey, e);
        }
    }

    /**
     * Opens an object, or a byte range of it.
     *
     * @param objectKey the key
     * @param offset    first byte, 0-based
     * @param length    bytes to read, or -1 for the rest
     * @return its bytes, to be closed by the caller
     * @throws UploadRefusedException 503 when the store fails
     */
    InputStream get(String objectKey, long offset, long length) {
        try {
            GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(objectKey).offset(offset)
                    .ssec(encryption.forRead());
            if (length >= 0) {
                args.length(length);
            }
            return client.getObject(args.build());
        } catch (MinioException | RuntimeException e) {
            throw translate("reading " + objectKey, e);
        }
    }

    /**
     * Deletes an object; a missing one counts as deleted.
     *
     * @param objectKey the key
     * @throws UploadRefusedException 503 when the store fails
     */
    void remove(String objectKey) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(objectKey).build());
        } catch (ErrorResponseException e) {
            if (!"NoSuchKey".equals(e.errorResponse().code())) {
                throw translate("deleting " + objectKey, e);
            }
        } catch (MinioException | RuntimeException e) {
            throw translate("deleting " + objectKey, e);
        }
    }

    /**
     * Maps a failure of the client to the answer: the body's own refusal, 507 for space, 503 otherwise.
     *
     * @param what    the operation, for the log (bucket and key, never credentials)
     * @param failure the client's exception
     * @return the exception to throw
     */
    static UploadRefusedException translate(String what, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UploadRefusedException refused) {
                return refused;
            }
            if (cause instanceof ErrorResponseException response && response.errorResponse() != null
                    && NO_SPACE.contains(response.errorResponse().code())) {
                return UploadRefusedException.insufficientStorage(response);
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (suppressed instanceof UploadRefusedException refused) {
                    return refused;
                }
            }
        }
        return UploadRefusedException.unavailable("object storage failed " + what, failure);
    }
}
