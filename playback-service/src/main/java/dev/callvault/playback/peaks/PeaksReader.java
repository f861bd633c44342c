package dev.callvault.playback.peaks;

import dev.callvault.events.ObjectKeys;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Opens a recording's waveform peaks in the bucket, next to its object ({@code ObjectKeys.derivativeOf(key,
 * "peaks.json")}, written by media-worker with user metadata {@code source-sha256}), with the bucket's encryption.
 */
@Component
class PeaksReader {

    /** Suffix of the peaks next to a recording's object. */
    static final String PEAKS = ObjectKeys.PEAKS;

    /** User metadata naming the SHA-256 of the recording the peaks were derived from. */
    static final String SOURCE_SHA256 = "source-sha256";

    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");

    private final MinioClient client;
    private final ObjectEncryption encryption;
    private final ObjectStorageProperties properties;

    PeaksReader(MinioClient client, ObjectEncryption encryption, ObjectStorageProperties properties) {
        this.client = client;
        this.encryption = encryption;
        this.properties = properties;
    }

    /**
     * Opens the peaks of a recording's object, if they were derived from exactly that object.
     *
     * @param bucket       the recording's bucket, or {@code null} for the configured one
     * @param recordingKey the recording's object key
     * @param sha256       the recording's object checksum
     * @return the peaks (the caller closes them), or empty when there are none of this object
     * @throws UncheckedIOException if the store cannot be read
     */
    Optional<OpenPeaks> open(String bucket, String recordingKey, String sha256) {
        String key = ObjectKeys.derivativeOf(recordingKey, PEAKS);
        GetObjectResponse response;
        try {
            response = client.getObject(GetObjectArgs.builder()
                    .bucket(bucket == null || bucket.isBlank() ? properties.bucket() : bucket)
                    .object(key)
                    .ssec(encryption.forRead())
                    .build());
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new UncheckedIOException(new IOException("cannot read " + key + ": " + e.errorResponse().code(), e));
        } catch (MinioException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read " + key, e));
        }
        String source = response.headers().get("x-amz-meta-" + SOURCE_SHA256);
        if (sha256 == null || !sha256.equals(source)) {
            close(response);
            return Optional.empty();
        }
        String length = response.headers().get("Content-Length");
        return Optional.of(new OpenPeaks(response, length == null ? -1 : Long.parseLong(length)));
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the body was not wanted
        }
    }

    /**
     * Peaks being read.
     *
     * @param body      the JSON bytes
     * @param sizeBytes their length, or -1 if the store did not say
     */
    record OpenPeaks(InputStream body, long sizeBytes) implements AutoCloseable {

        @Override
        public void close() {
            PeaksReader.close(body);
        }
    }
}
