package dev.callvault.storage.lifecycle;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.platform.storage.RecordingTombstones;
import dev.callvault.storage.IntegrationTestSupport;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Helpers of the lifecycle tests (no configuration of its own: the context is {@link IntegrationTestSupport}'s): a
 * stored recording with its object really in the bucket, and reads of the bucket and the lifecycle topics.
 */
public abstract class LifecycleTestSupport extends IntegrationTestSupport {

    /** Enough for a published event to be read back; only bounds the scans that prove nothing (more) came. */
    protected static final Duration SCAN = Duration.ofSeconds(2);

    @Autowired
    protected MinioClient minio;

    /**
     * A stored recording of the tenant: its object put in the bucket (unless {@code withObject} is false), its
     * {@code CallEnded} and {@code RecordingStored} applied, {@code AVAILABLE}.
     */
    protected StoredRecording storedRecording(String tenant, Instant callEndedAt, boolean withObject) throws Exception {
        String sid = uniqueRecordingSid();
        byte[] audio = ("ID3 fake mp3 of " + sid).getBytes();
        String sha256 = AudioFixtures.sha256Hex(audio);
        RecordingStored stored = recordingStored(tenant, Provider.TWILIO, sid, callEndedAt, audio.length, sha256)
                .setBucket(BUCKET).build();
        if (withObject) {
            minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(stored.getObjectKey())
                    .stream(new ByteArrayInputStream(audio), (long) audio.length, -1L)
                    .contentType("audio/mpeg").build());
        }
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, callEndedAt).build());
        publish(Topics.RECORDING_STORED, stored);
        UUID id = RecordingIds.of(tenant, Provider.TWILIO, sid);
        awaitStatus(id, "AVAILABLE");
        return new StoredRecording(id, sid, stored.getObjectKey(), sha256);
    }

    /** @return whether the bucket holds the key */
    protected boolean objectExists(String key) {
        return new BucketContents(minio, BUCKET).keys(key).contains(key);
    }

    /**
     * @return the user metadata of the recording's tombstone ({@code tombstones/<tenantId>/<recordingId>}), or
     *         {@code null} when the bucket holds none
     */
    protected Map<String, String> tombstone(String tenantId, UUID recordingId) {
        BucketContents bucket = new BucketContents(minio, BUCKET);
        String key = RecordingTombstones.key(tenantId, recordingId);
        return bucket.exists(key) ? bucket.userMetadata(key) : null;
    }

    /**
     * Reads a topic's events of one recording: waits until {@code expected} arrived, then scans {@link #SCAN} longer
     * for one more, so that a test asserting the size sees duplicates too.
     */
    protected static List<SpecificRecord> events(String topic, UUID recordingId, int expected) {
        if (expected > 0) {
            SharedInfrastructure.topics().read(topic, recordingId, expected, ASYNC_TIMEOUT);
        }
        return SharedInfrastructure.topics().read(topic, recordingId, expected + 1, SCAN);
    }

    /** Reads one column of a recording's row. */
    protected <T> T column(UUID recordingId, String column, Class<T> type) {
        return jdbc.queryForObject("SELECT " + column + " FROM recording WHERE id = ?", type, recordingId);
    }

    /**
     * @param id        recording id
     * @param sid       the provider recording id
     * @param objectKey its object's key
     * @param sha256    its bytes' SHA-256
     */
    protected record StoredRecording(UUID id, String sid, String objectKey, String sha256) {
    }
}
