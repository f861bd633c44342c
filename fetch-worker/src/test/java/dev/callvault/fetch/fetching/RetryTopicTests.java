package dev.callvault.fetch.fetching;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import dev.callvault.local.testing.SharedInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Long waits leave the source partition: once the in-place retries (3 attempts) are spent, the record moves to the
 * retry topics (test delays 1 s, 2 s, 2 s, 2 s for a 7 s window), each hand-over announced by a retryable
 * {@code RecordingFetchFailed} with the attempts so far and the next attempt's time; after the window the last one
 * has no next attempt and the record lands on {@code <topic>-dlt}.
 */
class RetryTopicTests extends FetchWorkerTestSupport {

    @Test
    void shouldRideOutServiceUnavailableStormThroughRetryTopic() throws Exception {
        // given: four 503s, one more than the in-place attempts, then the audio
        CallEnded call = twilioCallAnswered(STORM_TENANT, aResponse().withStatus(503), aResponse().withStatus(503),
                aResponse().withStatus(503), aResponse().withStatus(503), audio());
        String path = mediaPath(call);

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then: one hand-over after 3 attempts, then stored at the second delivery
        assertStoredByteForByte(call);
        List<RecordingFetchFailed> failed = topics().read(Topics.RECORDING_FETCH_FAILED, call.getRecordingId(), 2,
                Duration.ofMillis(500)).stream().map(RecordingFetchFailed.class::cast).toList();
        assertThat(failed).hasSize(1);
        assertHandedOver(failed.getFirst(), "PROVIDER_UNAVAILABLE", 3, Duration.ofSeconds(1));
        assertThat(failed.getFirst().getHttpStatus()).isEqualTo(503);
        PROVIDER.verify(5, getRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void shouldHonourRetryAfterInPlaceOnlyWithinTheBudget() throws Exception {
        // given: one 429 asking for 1 s (within the 3 s in-place budget), another asking for 60 s (beyond it)
        CallEnded shortWait = twilioCallAnswered(TENANT, aResponse().withStatus(429).withHeader("Retry-After", "1"),
                audio());
        CallEnded longWait = twilioCallAnswered(TENANT, aResponse().withStatus(429).withHeader("Retry-After", "60"),
                audio());

        // when
        publish(Topics.CALL_ENDED, shortWait.getRecordingId(), shortWait);
        publish(Topics.CALL_ENDED, longWait.getRecordingId(), longWait);

        // then: the short wait is honoured in place, no hand-over announced
        assertStoredByteForByte(shortWait);
        List<LoggedRequest> requests = PROVIDER.findAll(getRequestedFor(urlPathEqualTo(mediaPath(shortWait))))
                .stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime())
                .isGreaterThanOrEqualTo(995);
        assertThat(topics().read(Topics.RECORDING_FETCH_FAILED, shortWait.getRecordingId(), 1, Duration.ZERO))
                .isEmpty();
        // and the long one is handed to the retry topics after its single attempt, then stored there
        assertStoredByteForByte(longWait);
        List<RecordingFetchFailed> failed = awaitFailed(longWait.getRecordingId(), 1);
        assertHandedOver(failed.getFirst(), "PROVIDER_RATE_LIMITED", 1, Duration.ofSeconds(1));
        assertThat(failed.getFirst().getHttpStatus()).isEqualTo(429);
        PROVIDER.verify(2, getRequestedFor(urlPathEqualTo(mediaPath(longWait))));
    }

    @Test
    void shouldStoreRecordingThatBecomesReadyAfterRetryTopicDelaysWithoutBlockingItsPartition() throws Exception {
        // given: a recording not ready yet (404 until the test says so) and a ready one on the same partition
        String waitingSid = newRecordingSid();
        String waitingPath = twilioMediaPath(waitingSid, "mp3");
        String scenario = answerUntilSwitched(waitingPath, aResponse().withStatus(404), audio());
        CallEnded waiting = twilioCall(waitingSid).build();
        String readySid = sidOnPartitionOf(waiting);
        PROVIDER.stubFor(get(urlPathEqualTo(twilioMediaPath(readySid, "mp3"))).willReturn(audio()));
        CallEnded ready = twilioCall(readySid).build();

        // when: both arrive, the second behind the first on the same partition
        publish(Topics.CALL_ENDED, waiting.getRecordingId(), waiting);
        publish(Topics.CALL_ENDED, ready.getRecordingId(), ready);

        // then: the second is stored while the provider still answers 404 for the first
        assertThat(awaitStored(ready.getRecordingId(), 1)).hasSize(1);

        // when: the provider has the first recording ready
        PROVIDER.setScenarioState(scenario, SWITCHED);

        // then: a retry topic delivers it again and it is stored; the hand-overs counted the attempts so far
        assertStoredByteForByte(waiting);
        assertStoredByteForByte(ready);
        List<RecordingFetchFailed> failed = awaitFailed(waiting.getRecordingId(), 1);
        assertThat(failed).isNotEmpty();
        assertHandedOver(failed.getFirst(), "PROVIDER_NOT_FOUND", 3, Duration.ofSeconds(1));
        assertThat(failed).extracting(RecordingFetchFailed::getAttempts).isSorted();
        assertThat(failed).allSatisfy(event -> assertThat(event.getNextAttemptAt()).isNotNull());
    }

    @Test
    void shouldGiveUpAfterRetryWindowWithFinalRetryableFailureAndDeadLetter() throws Exception {
        // given: the recording never becomes ready
        CallEnded call = twilioCallAnswered(TENANT, aResponse().withStatus(404));
        String path = mediaPath(call);

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then: four hand-overs (after 3, 6, 9 and 12 attempts), then a final failure after 15 attempts
        List<RecordingFetchFailed> failed = awaitFailed(call.getRecordingId(), 5);
        assertThat(failed).hasSize(5);
        assertHandedOver(failed.get(0), "PROVIDER_NOT_FOUND", 3, Duration.ofSeconds(1));
        assertHandedOver(failed.get(1), "PROVIDER_NOT_FOUND", 6, Duration.ofSeconds(2));
        assertHandedOver(failed.get(2), "PROVIDER_NOT_FOUND", 9, Duration.ofSeconds(2));
        assertHandedOver(failed.get(3), "PROVIDER_NOT_FOUND", 12, Duration.ofSeconds(2));
        RecordingFetchFailed last = failed.get(4);
        assertThat(last.getErrorCode()).isEqualTo("PROVIDER_NOT_FOUND");
        assertThat(last.getRetryable()).isTrue();
        assertThat(last.getAttempts()).isEqualTo(15);
        assertThat(last.getNextAttemptAt()).isNull();
        PROVIDER.verify(15, getRequestedFor(urlPathEqualTo(path)));
        // and the record itself, still decodable, on the dead-letter topic with its key and partition
        String key = call.getRecordingId().toString();
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.CALL_ENDED), key, OUTCOME_TIMEOUT);
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.getFirst().partition()).isEqualTo(partitionOf(key));
        assertThat(deadLetters.getFirst().headers().lastHeader("kafka_dlt-original-topic").value())
                .isEqualTo(Topics.CALL_ENDED.getBytes(StandardCharsets.UTF_8));
        List<SpecificRecord> decoded = topics().read(Topics.deadLetter(Topics.CALL_ENDED), call.getRecordingId(), 1,
                OUTCOME_TIMEOUT);
        assertThat(decoded).containsExactly(call);
        assertThat(keysOf(call.getRecordingId())).isEmpty();
        assertThat(topics().read(Topics.RECORDING_STORED, call.getRecordingId(), 1, Duration.ZERO)).isEmpty();
    }

    private static void assertHandedOver(RecordingFetchFailed event, String errorCode, int attempts,
            Duration delay) {
        assertThat(event.getErrorCode()).isEqualTo(errorCode);
        assertThat(event.getRetryable()).isTrue();
        assertThat(event.getAttempts()).isEqualTo(attempts);
        assertThat(event.getNextAttemptAt()).isNotNull();
        assertThat(Duration.between(event.getOccurredAt(), event.getNextAttemptAt()))
                .isBetween(delay.minusMillis(100), delay.plusMillis(100));
    }

    /** @return a fresh recording sid whose recording id lands on the same partition as the call's */
    private static String sidOnPartitionOf(CallEnded call) {
        int partition = partitionOf(call.getRecordingId().toString());
        while (true) {
            String sid = newRecordingSid();
            if (partitionOf(twilioCall(sid).build().getRecordingId().toString()) == partition) {
                return sid;
            }
        }
    }

    /** The Kafka producer's partition for a key: murmur2 of the key bytes, positive, modulo the partitions. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % Topics.PARTITIONS;
    }
}
