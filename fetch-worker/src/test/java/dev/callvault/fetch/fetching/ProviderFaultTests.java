package dev.callvault.fetch.fetching;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import dev.callvault.local.testing.AudioFixtures;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Provider faults: transient ones are retried with back-off (honouring Retry-After) until the recording is stored;
 * permanent ones fail at once; nothing partial or foreign ever lands in the bucket.
 */
class ProviderFaultTests extends FetchWorkerTestSupport {

    private static final byte[] AUDIO = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

    @Test
    void shouldStoreAfterTwoServiceUnavailableAnswers() throws Exception {
        // given
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        answerInTurn(path, aResponse().withStatus(503), aResponse().withStatus(503), audio());
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertStoredByteForByte(call);
        PROVIDER.verify(3, getRequestedFor(urlPathEqualTo(path)));
        assertThat(topics().read(Topics.RECORDING_FETCH_FAILED, call.getRecordingId(), 1, Duration.ofMillis(500)))
                .isEmpty();
    }

    @Test
    void shouldHonourRetryAfterOfTooManyRequests() throws Exception {
        // given: Retry-After of 1 s, well above the test's 0.2 s back-off
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        answerInTurn(path, aResponse().withStatus(429).withHeader("Retry-After", "1"), audio());
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertStoredByteForByte(call);
        List<LoggedRequest> requests = PROVIDER.findAll(getRequestedFor(urlPathEqualTo(path))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        assertThat(requests).hasSize(2);
        long waitedMillis = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertThat(waitedMillis).isGreaterThanOrEqualTo(995);
    }

    @Test
    void shouldRetryNotFoundShortlyAfterTheCallEnded() throws Exception {
        // given: the recording is not ready for the first two requests
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        answerInTurn(path, aResponse().withStatus(404), aResponse().withStatus(404), audio());
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertStoredByteForByte(call);
        PROVIDER.verify(3, getRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void shouldNotRetryNotFoundLongAfterTheCallEnded() throws Exception {
        // given: the call ended an hour ago, beyond the 10-minute not-ready window
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)));
        CallEnded fresh = twilioCall(sid).build();
        CallEnded call = twilioCall(sid).setCallEndedAt(fresh.getCallEndedAt().minus(Duration.ofHours(1))).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        List<RecordingFetchFailed> failed = awaitFailed(call.getRecordingId(), 1);
        assertThat(failed).hasSize(1);
        assertThat(failed.getFirst().getErrorCode()).isEqualTo("PROVIDER_NOT_FOUND");
        assertThat(failed.getFirst().getHttpStatus()).isEqualTo(404);
        assertThat(failed.getFirst().getRetryable()).isTrue();
        assertThat(failed.getFirst().getAttempts()).isEqualTo(1);
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path)));
        assertThat(keysOf(call.getRecordingId())).isEmpty();
    }

    @Test
    void shouldFailAtOnceWithoutRetriesOnUnauthorized() throws Exception {
        // given
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":20003,\"message\":\"Authenticate\"}")));
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        List<RecordingFetchFailed> failed = awaitFailed(call.getRecordingId(), 1);
        assertThat(failed).hasSize(1);
        RecordingFetchFailed event = failed.getFirst();
        assertThat(event.getErrorCode()).isEqualTo("PROVIDER_UNAUTHORIZED");
        assertThat(event.getRetryable()).isFalse();
        assertThat(event.getAttempts()).isEqualTo(1);
        assertThat(event.getHttpStatus()).isEqualTo(401);
        assertThat(event.getReason()).doesNotContain(AUTH_TOKEN).doesNotContain("http");
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path)));
        assertThat(keysOf(call.getRecordingId())).isEmpty();
    }

    @Test
    void shouldRejectHtmlServedAsRecordingWithoutStoringIt() throws Exception {
        // given
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html")
                .withBody("<!DOCTYPE html><html><body>Maintenance</body></html>")));
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertNotAudio(call, path);
    }

    @Test
    void shouldRejectJsonServedAsRecordingWithoutStoringIt() throws Exception {
        // given
        String conversationId = newConversationId();
        String path = elevenLabsAudioPath(conversationId);
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"detail\":{\"status\":\"conversation_audio_not_found\"}}")));
        CallEnded call = elevenLabsCall(conversationId).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertNotAudio(call, path);
    }

    @Test
    void shouldRetryBodyShorterThanItsContentLengthAndStoreTheCompleteOne() throws Exception {
        // given: the first answer declares the full length but breaks off after half the bytes
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        answerInTurn(path, truncated(), audio());
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertStoredByteForByte(call);
        PROVIDER.verify(2, getRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void shouldLeaveNoObjectWhenEveryBodyIsTruncated() throws Exception {
        // given
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(truncated()));
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then: every attempt made (max-attempts = 4), retryable, nothing in the bucket
        List<RecordingFetchFailed> failed = awaitFailed(call.getRecordingId(), 1);
        assertThat(failed).hasSize(1);
        assertThat(failed.getFirst().getErrorCode()).isEqualTo("TRUNCATED_BODY");
        assertThat(failed.getFirst().getRetryable()).isTrue();
        assertThat(failed.getFirst().getAttempts()).isEqualTo(4);
        PROVIDER.verify(4, getRequestedFor(urlPathEqualTo(path)));
        assertThat(keysOf(call.getRecordingId())).isEmpty();
        assertThat(topics().read(Topics.RECORDING_STORED, call.getRecordingId(), 1, Duration.ofMillis(500)))
                .isEmpty();
    }

    private void assertNotAudio(CallEnded call, String path) {
        List<RecordingFetchFailed> failed = awaitFailed(call.getRecordingId(), 1);
        assertThat(failed).hasSize(1);
        assertThat(failed.getFirst().getErrorCode()).isEqualTo("NOT_AUDIO");
        assertThat(failed.getFirst().getRetryable()).isFalse();
        assertThat(failed.getFirst().getAttempts()).isEqualTo(1);
        assertThat(failed.getFirst().getHttpStatus()).isEqualTo(200);
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path)));
        assertThat(keysOf(call.getRecordingId())).isEmpty();
        assertThat(topics().read(Topics.RECORDING_STORED, call.getRecordingId(), 1, Duration.ofMillis(500)))
                .isEmpty();
    }

    private void assertStoredByteForByte(CallEnded call) {
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 1);
        assertThat(stored).hasSize(1);
        String key = objectKey(call, "mp3");
        assertThat(stored.getFirst().getObjectKey()).isEqualTo(key);
        assertThat(stored.getFirst().getSha256()).isEqualTo(AudioFixtures.sha256Hex(AUDIO));
        assertThat(stored.getFirst().getSizeBytes()).isEqualTo(AUDIO.length);
        assertThat(bucket().sha256(key)).isEqualTo(AudioFixtures.sha256Hex(AUDIO));
        assertThat(keysOf(call.getRecordingId())).containsExactly(key);
    }

    private static ResponseDefinitionBuilder audio() {
        return aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(AUDIO);
    }

    private static ResponseDefinitionBuilder truncated() {
        return aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg")
                .withHeader("Content-Length", String.valueOf(AUDIO.length))
                .withBody(Arrays.copyOf(AUDIO, AUDIO.length / 2));
    }

    /** Serves the answers one after another on the path (a WireMock scenario named after the path). */
    private static void answerInTurn(String path, ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer-" + i;
            var stub = get(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs(state).willReturn(answers[i]);
            if (i < answers.length - 1) {
                stub = stub.willSetStateTo("answer-" + (i + 1));
            }
            PROVIDER.stubFor(stub);
        }
    }
}
