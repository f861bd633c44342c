package dev.callvault.playback.streaming;

import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * Ranged reads of recording objects: one S3 {@code GetObject} with a {@code Range} header per stream; the caller
 * reads the returned stream in bounded chunks, so nothing of the range is buffered here. With SSE-C each request
 * carries the customer key ({@link ObjectEncryption}; S3 refuses an SSE-C object's bytes without it).
 */
@Component
class RangedObjectReader {

    private final MinioClient client;
    private final ObjectEncryption encryption;
    private final ObjectStorageProperties properties;

    RangedObjectReader(MinioClient client, ObjectEncryption encryption, ObjectStorageProperties properties) {
        this.client = client;
        this.encryption = encryption;
        this.properties = properties;
    }

    /**
     * Opens bytes {@code [offset, offset + length)} of an object.
     *
     * @param bucket the bucket the object was stored in, or {@code null} for the configured one
     * @param key    object key
     * @param offset first byte, 0-based
     * @param length number of bytes, at least 1
     * @return the body, to be closed by the caller
     * @throws ObjectStorageException 404 if the object does not exist, 503 if the store fails
     */
    InputStream open(String bucket, String key, long offset, long length) {
        try {
            return client.getObject(GetObjectArgs.builder()
                    .bucket(bucket == null || bucket.isBlank() ? properties.bucket() : bucket)
                    .object(key)
                    .offset(offset)
                    .length(length)
                    .ssec(encryption.forRead())
                    .build());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                throw ObjectStorageException.missing(e);
            }
            throw ObjectStorageException.unavailable(e);
        } catch (MinioException | RuntimeException e) {
            throw ObjectStorageException.unavailable(e);
        }
    }
}
