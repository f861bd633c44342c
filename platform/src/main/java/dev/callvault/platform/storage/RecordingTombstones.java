package dev.callvault.platform.storage;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Tombstones of deleted recordings in the recordings bucket: an empty object
 * {@code tombstones/<tenantId>/<recordingId>} with the deletion's reason and time as user metadata ({@code x-amz-meta-reason}, {@code x-amz-meta-deleted-at},
 * ISO-8601 UTC).
 *
 * <p>storage-service writes one before it deletes a recording's audio object, so that a crash between the two still
 * leaves the recording marked as deleted; fetch-worker looks for it before fetching a recording whose object is
 * absent, so that a replayed {@code CallEnded} or a {@code FetchRequested} never brings deleted audio back. The
 * orphan scan leaves the {@link #PREFIX} alone. Tombstones are put with the configured server-side encryption and
 * read with the SSE-C key when there is one ({@link ObjectEncryption}).
 */
public class RecordingTombstones {

    /** Key prefix of every tombstone. */
    public static final String PREFIX = "tombstones/";

    /** User metadata name (sent as {@code x-amz-meta-reason}) of the deletion reason, e.g. {@code RETENTION}. */
    public static final String REASON_METADATA = "reason";

    /** User metadata name (sent as {@code x-amz-meta-deleted-at}) of the deletion time, ISO-8601 UTC. */
    public static final String DELETED_AT_METADATA = "deleted-at";

    private static final Pattern TOMBSTONE_KEY = Pattern.compile(Pattern.quote(PREFIX)
            + "[^/]+/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");

    private final MinioClient client;
    private final ObjectEncryption encryption;
    private final String bucket;

    /**
     * @param client     the client of the recordings bucket
     * @param encryption the server-side encryption of every put and SSE-C read
     * @param properties gives the bucket
     */
    public RecordingTombstones(MinioClient client, ObjectEncryption encryption, ObjectStorageProperties properties) {
        this.client = client;
        this.encryption = encryption;
        this.bucket = properties.bucket();
    }

    /**
     * @param tenantId    the recording's tenant
     * @param recordingId the recording
     * @return the tombstone's key, {@code tombstones/<tenantId>/<recordingId>}
     */
    public static String key(String tenantId, UUID recordingId) {
        return PREFIX + tenantId + "/" + recordingId;
    }

    /**
     * @param objectKey any key of the bucket
     * @return whether it is a tombstone's key ({@code tombstones/<tenantId>/<recordingId>}, no extension; a
     *         recording's key always has a date and an extension, so the two never collide)
     */
    public static boolean isTombstone(String objectKey) {
        return TOMBSTONE_KEY.matcher(objectKey).matches();
    }

    /**
     * Puts (or replaces) a recording's tombstone: an empty object, single PUT.
     *
     * @param tenantId    the recording's tenant
     * @param recordingId the recording
     * @param reason      why it was deleted, e.g. {@code RETENTION}, {@code USER_REQUEST}
     * @param deletedAt   when
     * @throws TombstoneException if the store refused or could not be reached
     */
    public void write(String tenantId, UUID recordingId, String reason, Instant deletedAt) {
        String key = key(tenantId, recordingId);
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(new byte[0]), 0L, null)
                    .contentType("application/octet-stream")
                    .userMetadata(Map.of(REASON_METADATA, reason, DELETED_AT_METADATA, deletedAt.toString()))
                    .sse(encryption.forWrite())
                    .build());
        } catch (MinioException | RuntimeException e) {
            throw new TombstoneException("cannot write tombstone " + bucket + "/" + key, e);
        }
    }

    /**
     * Looks for a recording's tombstone ({@code HeadObject}).
     *
     * @param tenantId    the recording's tenant
     * @param recordingId the recording
     * @return the deletion's reason (as written; {@code UNKNOWN} if the metadata is missing), or empty when there
     *         is no tombstone
     * @throws TombstoneException if the store answered anything but "not found" or could not be reached
     */
    public Optional<String> find(String tenantId, UUID recordingId) {
        String key = key(tenantId, recordingId);
        StatObjectResponse stat;
        try {
            stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).ssec(encryption.forRead())
                    .build());
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code()) || (e.response() != null && e.response().code() == 404)) {
                return Optional.empty();
            }
            throw new TombstoneException("cannot check tombstone " + bucket + "/" + key + ": "
                    + e.errorResponse().code(), e);
        } catch (MinioException | RuntimeException e) {
            // MinIO 9 reports an unreachable store (connection refused, reset) as an IllegalStateException
            throw new TombstoneException("cannot check tombstone " + bucket + "/" + key, e);
        }
        String reason = stat.userMetadata().getFirst(REASON_METADATA);
        return Optional.of(reason == null ? "UNKNOWN" : reason);
    }

    /** The object store could not write or check a tombstone; nothing was decided, the caller may try again. */
    public static class TombstoneException extends RuntimeException {

        /**
         * @param message what failed (bucket and key, never credentials)
         * @param cause   the client's exception
         */
        public TombstoneException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
