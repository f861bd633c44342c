package dev.callvault.fetch.fetching;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import dev.callvault.platform.storage.RecordingTombstones;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A recording deleted while its fetch is in flight (issue 14, item 2): storage-service writes the tombstone, then
 * deletes the object; a fetch that was already streaming must not bring the object back after that, nor announce it.
 */
class DeletionDuringFetchTests extends FetchWorkerTestSupport {

    @Autowired
    RecordingTombstones tombstones;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldRemoveTheObjectAndPublishNothingWhenTheRecordingIsDeletedDuringItsFetch() throws Exception {
        // given a recording whose provider streams it over three seconds
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(AUDIO).withChunkedDribbleDelay(10, 3_000)));
        CallEnded call = twilioCall(sid).build();
        double deletedBefore = deletedOutcomes();

        // when its fetch has begun and the recording is deleted meanwhile (storage-service's tombstone)
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);
        await().atMost(OUTCOME_TIMEOUT).until(() -> !PROVIDER.findAll(getRequestedFor(urlPathEqualTo(path)))
                .isEmpty());
        tombstones.write(TENANT, call.getRecordingId(), "USER_REQUEST", Instant.now());

        // then once the fetch is over, the bucket holds only the tombstone, and no RecordingStored was published
        await().atMost(OUTCOME_TIMEOUT).until(() -> deletedOutcomes() >= deletedBefore + 1);
        assertThat(keysOf(call.getRecordingId())).containsExactly(RecordingTombstones.key(TENANT,
                call.getRecordingId()));
        assertThat(topics().read(Topics.RECORDING_STORED, call.getRecordingId(), 1, Duration.ofSeconds(2))).isEmpty();
    }

    private double deletedOutcomes() {
        Counter counter = meters.find("callvault.fetch.outcomes").tags("provider", "TWILIO", "outcome", "deleted")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
