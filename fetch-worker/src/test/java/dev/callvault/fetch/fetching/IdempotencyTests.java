package dev.callvault.fetch.fetching;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.platform.storage.RecordingTombstones;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Replays converge: a stored recording is never fetched twice, and its RecordingStored is re-emitted; a deleted one
 * (its tombstone in the bucket) is never fetched again.
 */
class IdempotencyTests extends FetchWorkerTestSupport {

    @Autowired
    RecordingTombstones tombstones;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldNeverFetchADeletedRecordingAgainOnReplayOrBackfill() throws Exception {
        // given a recording the provider still serves, deleted by storage-service (its tombstone, no object)
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(AUDIO)));
        CallEnded call = twilioCall(sid).build();
        tombstones.write(TENANT, call.getRecordingId(), "USER_REQUEST", Instant.now());
        double deletedBefore = deletedOutcomes();

        // when its CallEnded is replayed and a FetchRequested asks for it
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);
        publish(Topics.FETCH_REQUESTED, call.getRecordingId(), backfillOf(call));

        // then both are counted as outcome "deleted", and nothing is fetched, stored or published
        await().atMost(OUTCOME_TIMEOUT).until(() -> deletedOutcomes() >= deletedBefore + 2);
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(path)));
        assertThat(keysOf(call.getRecordingId())).containsExactly(RecordingTombstones.key(TENANT,
                call.getRecordingId()));
        assertThat(topics().read(Topics.RECORDING_STORED, call.getRecordingId(), 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(topics().read(Topics.RECORDING_FETCH_FAILED, call.getRecordingId(), 1, Duration.ofSeconds(1)))
                .isEmpty();
    }

    private double deletedOutcomes() {
        Counter counter = meters.find("callvault.fetch.outcomes").tags("provider", "TWILIO", "outcome", "deleted")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldFetchOnceAndReemitTheSameRecordingStoredForEachOfFiveDeliveries() throws Exception {
        // given
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(audio)));
        CallEnded call = twilioCall(sid).build();

        // when: the same event delivered five times (as a replay or duplicate webhooks would)
        for (int i = 0; i < 5; i++) {
            publish(Topics.CALL_ENDED, call.getRecordingId(), CallEnded.newBuilder(call)
                    .setEventId(i == 0 ? call.getEventId() : UUID.randomUUID()).build());
        }

        // then
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 5);
        assertThat(stored).hasSize(5);
        assertThat(stored).extracting(RecordingStored::getObjectKey).containsOnly(objectKey(call, "mp3"));
        assertThat(stored).extracting(RecordingStored::getSha256).containsOnly(AudioFixtures.sha256Hex(audio));
        assertThat(stored).extracting(RecordingStored::getSizeBytes).containsOnly((long) audio.length);
        assertThat(stored).extracting(RecordingStored::getContentType).containsOnly("audio/mpeg");
        // and the re-emitted fact is recognisably the same fact: one event id for all five
        assertThat(stored).extracting(RecordingStored::getEventId).containsOnly(stored.getFirst().getEventId());
        assertThat(keysOf(call.getRecordingId())).containsExactly(objectKey(call, "mp3"));
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path)));
        String metadata = SharedInfrastructure.s3().client().statObject(StatObjectArgs.builder().bucket(BUCKET)
                .object(objectKey(call, "mp3")).build()).userMetadata().getFirst("sha256");
        assertThat(metadata).isEqualTo(AudioFixtures.sha256Hex(audio));
    }

    @Test
    void shouldHashAndHealAnObjectWithoutShaMetadataInsteadOfFetchingAgain() throws Exception {
        // given: the object exists but lost its metadata step (a crash between upload and copy)
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        CallEnded call = twilioCall(sid).build();
        String key = objectKey(call, "mp3");
        SharedInfrastructure.s3().client().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(audio), (long) audio.length, -1L).contentType("audio/mpeg").build());

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 1);
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst().getSha256()).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(stored.getFirst().getSizeBytes()).isEqualTo(audio.length);
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(path)));
        var stat = SharedInfrastructure.s3().client().statObject(StatObjectArgs.builder().bucket(BUCKET).object(key)
                .build());
        assertThat(stat.userMetadata().getFirst("sha256")).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(stat.contentType()).isEqualTo("audio/mpeg");
        assertThat(bucket().sha256(key)).isEqualTo(AudioFixtures.sha256Hex(audio));
    }
}
