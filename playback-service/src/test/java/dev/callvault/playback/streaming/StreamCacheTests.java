package dev.callvault.playback.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.DeletionReason;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.playback.IntegrationTestSupport;
import io.minio.RemoveObjectArgs;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Streams served from the byte and row caches: what was read once is served without the store, and a deletion
 * refuses the recording at once, whether this instance's read model applied it or another instance's will.
 */
class StreamCacheTests extends IntegrationTestSupport {

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    private StoredRecording recording;
    private String path;

    @BeforeEach
    void givenAnAvailableRecordingStreamedOnce() {
        recording = givenAvailableRecording(uniqueTenant(), AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        path = mintedPath(recording.id(), token(recording.tenantId(), "recordings:read"), null);
        HttpResponse<byte[]> first = request("GET", path);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(AudioFixtures.sha256Hex(first.body())).isEqualTo(recording.sha256());
    }

    private void removeObjectFromTheStore() throws Exception {
        SharedInfrastructure.s3().client().removeObject(RemoveObjectArgs.builder().bucket(BUCKET)
                .object(recording.objectKey()).build());
    }

    private void publishDeleted() {
        publish(RecordingDeleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.parse("2026-03-04T08:00:00Z"))
                .setTenantId(recording.tenantId())
                .setRecordingId(recording.id())
                .setReason(DeletionReason.USER_REQUEST)
                .build());
    }

    @Test
    void shouldServeWholeRecordingAndRangesFromMemoryOnceRead() throws Exception {
        // given the object is gone from the store behind playback-service's back
        removeObjectFromTheStore();

        // when the recording is streamed again, whole and in a range
        HttpResponse<byte[]> whole = request("GET", path);
        HttpResponse<byte[]> range = request("GET", path, "Range", "bytes=1000-20999");

        // then both are the stored bytes, from memory
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(AudioFixtures.sha256Hex(whole.body())).isEqualTo(recording.sha256());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(recording.bytes(), 1000, 21000));
    }

    @Test
    void shouldRefuseDeletedRecordingWhoseBytesAreCached() {
        // when the recording is deleted and this instance's read model applied it
        publishDeleted();
        awaitStatus(recording.id(), "DELETED");

        // then its cached bytes are never served again
        HttpResponse<byte[]> response = request("GET", path);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(body(response.body()).get("status").asString()).isEqualTo("DELETED");
        assertThat(request("GET", path, "Range", "bytes=0-99").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseDeletionHeardBeforeTheReadModelAppliedIt() {
        // given this instance's read-model consumer is paused, as when another instance owns the partition, and the
        // cache invalidation consumer is assigned its partitions
        MessageListenerContainer readModel = listeners.getListenerContainer("playback-read-model");
        MessageListenerContainer invalidation = listeners.getListenerContainer(RecordingCacheInvalidation.LISTENER_ID);
        await().atMost(ASYNC_TIMEOUT).until(() -> invalidation.getAssignedPartitions() != null
                && !invalidation.getAssignedPartitions().isEmpty());
        readModel.pause();
        try {
            await().atMost(ASYNC_TIMEOUT).until(readModel::isContainerPaused);

            // when the recording is deleted
            publishDeleted();

            // then it is refused although PostgreSQL still says AVAILABLE
            await().atMost(ASYNC_TIMEOUT).until(() -> request("GET", path).statusCode() == 404);
            assertThat(statusOf(recording.id())).isEqualTo("AVAILABLE");
        } finally {
            readModel.resume();
        }
        awaitStatus(recording.id(), "DELETED");
        assertThat(request("GET", path).statusCode()).isEqualTo(404);
    }
}
