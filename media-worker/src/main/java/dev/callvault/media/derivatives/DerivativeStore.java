package dev.callvault.media.derivatives;

import dev.callvault.events.ObjectKeys;
import dev.callvault.media.analysis.WaveformPeaks;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.MinioException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Reads recordings and writes and deletes their derivatives (peaks, renditions) in the configured bucket, with the bucket's
 * encryption ({@link ObjectEncryption}: SSE-C keys on reads and writes, SSE-S3 or SSE-KMS on writes). Derivatives
 * are written streaming: the peaks' JSON goes through a 64 KiB pipe into a multipart upload of 5 MiB parts.
 */
@Component
public class DerivativeStore {

    /** Suffix of the waveform peaks ({@link ObjectKeys#derivativeOf}). */
    public static final String PEAKS = ObjectKeys.PEAKS;

    /** Suffix of the Ogg Opus rendition. */
    public static final String OPUS = ObjectKeys.OPUS;

    /** User metadata of every derivative: the SHA-256 of the recording it was derived from. */
    public static final String SOURCE_SHA256_METADATA = "source-sha256";

    private static final long PART_SIZE = 5L * 1024 * 1024;
    private static final int PIPE = 64 * 1024;

    private final MinioClient client;
    private final ObjectEncryption encryption;
    private final String bucket;

    /**
     * @param client     the bucket's client
     * @param encryption how objects are encrypted
     * @param properties the bucket's name
     */
    public DerivativeStore(MinioClient client, ObjectEncryption encryption, ObjectStorageProperties properties) {
        this.client = client;
        this.encryption = encryption;
        this.bucket = properties.bucket();
    }

    /** @return the bucket recordings and derivatives are kept in */
    public String bucket() {
        return bucket;
    }

    /**
     * Opens a recording's object for one sequential read.
     *
     * @param objectKey the recording's key
     * @return its bytes; the caller closes the stream
     * @throws DerivativeStoreException if the store cannot be read (may pass)
     */
    public InputStream openRecording(String objectKey) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(objectKey)
                    .ssec(encryption.forRead()).build());
        } catch (MinioException | RuntimeException e) {
            throw new DerivativeStoreException("cannot read " + bucket + "/" + objectKey, e);
        }
    }

    /**
     * Writes a recording's waveform peaks as audiowaveform JSON ({@link WaveformPeaks#writeJson}), replacing any
     * earlier version.
     *
     * @param recordingKey the recording's key
     * @param peaks        the peaks
     * @param sourceSha256 SHA-256 of the recording's bytes, kept as user metadata {@value #SOURCE_SHA256_METADATA}
     * @return the peaks' key and size in bytes
     * @throws DerivativeStoreException if the store cannot be written (may pass)
     */
    public StoredDerivative putPeaks(String recordingKey, WaveformPeaks peaks, String sourceSha256) {
        String key = ObjectKeys.derivativeOf(recordingKey, PEAKS);
        AtomicLong size = new AtomicLong();
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        try (PipedInputStream body = new PipedInputStream(PIPE)) {
            PipedOutputStream sink = new PipedOutputStream(body);
            Thread writer = Thread.ofVirtual().name("peaks-json").start(() -> {
                try (OutputStream out = new CountingOutputStream(sink, size)) {
                    peaks.writeJson(out);
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            });
            try {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(body, -1L, PART_SIZE)
                        .contentType(WaveformPeaks.CONTENT_TYPE)
                        .userMetadata(Map.of(SOURCE_SHA256_METADATA, sourceSha256))
                        .sse(encryption.forWrite())
                        .build());
            } finally {
                body.close();
                writer.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DerivativeStoreException("interrupted while writing " + bucket + "/" + key, e);
        } catch (MinioException | IOException | RuntimeException e) {
            throw new DerivativeStoreException("cannot write " + bucket + "/" + key, e);
        }
        if (writeFailure.get() != null) {
            throw new DerivativeStoreException("cannot write " + bucket + "/" + key, writeFailure.get());
        }
        return new StoredDerivative(key, size.get());
    }

    /**
     * Writes a rendition from a stream of unknown length (a multipart upload of 5 MiB parts), computing its SHA-256
     * and size as it goes; replaces any earlier version.
     *
     * @param recordingKey the recording's key
     * @param suffix       the rendition's suffix, e.g. {@link #OPUS}
     * @param body         the rendition's bytes, read to their end; not closed
     * @param contentType  its media type
     * @param sourceSha256 SHA-256 of the recording's bytes, kept as user metadata {@value #SOURCE_SHA256_METADATA}
     * @return the rendition's key, size and SHA-256
     * @throws DerivativeStoreException if the store cannot be written (may pass)
     */
    public StoredRendition putRendition(String recordingKey, String suffix, InputStream body, String contentType,
            String sourceSha256) {
        String key = ObjectKeys.derivativeOf(recordingKey, suffix);
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        AtomicLong size = new AtomicLong();
        InputStream measured = new java.io.FilterInputStream(new java.security.DigestInputStream(body, digest)) {
            @Override
            public int read() throws IOException {
                int read = super.read();
                if (read >= 0) {
                    size.incrementAndGet();
                }
                return read;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                if (read > 0) {
                    size.addAndGet(read);
                }
                return read;
            }
        };
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(measured, -1L, PART_SIZE)
                    .contentType(contentType)
                    .userMetadata(Map.of(SOURCE_SHA256_METADATA, sourceSha256))
                    .sse(encryption.forWrite())
                    .build());
        } catch (MinioException | RuntimeException e) {
            throw new DerivativeStoreException("cannot write " + bucket + "/" + key, e);
        }
        return new StoredRendition(key, size.get(), java.util.HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Deletes one derivative; a missing one is no error.
     *
     * @param objectKey the derivative's key
     * @throws DerivativeStoreException if the store cannot be asked (may pass)
     */
    public void delete(String objectKey) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(objectKey).build());
        } catch (MinioException | RuntimeException e) {
            throw new DerivativeStoreException("cannot delete " + bucket + "/" + objectKey, e);
        }
    }

    /**
     * Deletes every derivative of a recording; a derivative that does not exist is no error (S3 DeleteObject
     * answers 204 for a missing key).
     *
     * @param recordingKey the recording's key
     * @throws DerivativeStoreException if the store cannot be asked (may pass)
     */
    public void deleteDerivatives(String recordingKey) {
        for (String suffix : java.util.List.of(PEAKS, OPUS)) {
            delete(ObjectKeys.derivativeOf(recordingKey, suffix));
        }
    }

    /**
     * A rendition written.
     *
     * @param objectKey its key
     * @param sizeBytes its size in bytes
     * @param sha256    SHA-256 of its bytes, lowercase hex
     */
    public record StoredRendition(String objectKey, long sizeBytes, String sha256) {
    }

    /**
     * A derivative written.
     *
     * @param objectKey its key
     * @param sizeBytes its size in bytes
     */
    public record StoredDerivative(String objectKey, long sizeBytes) {
    }

    /** The store failed; such failures may pass, so the record is retried. */
    public static class DerivativeStoreException extends UncheckedIOException {

        /**
         * @param message what could not be done, with bucket and key
         * @param cause   the store's failure
         */
        public DerivativeStoreException(String message, Exception cause) {
            super(message + ": " + cause.getMessage(),
                    cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {

        private final AtomicLong count;

        CountingOutputStream(OutputStream out, AtomicLong count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count.addAndGet(len);
        }
    }
}
