package dev.callvault.fetch.fetching;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Provider faults within one delivery: transient ones are retried in place with back-off (honouring Retry-After)
 * until the recording is stored; permanent ones fail at once; nothing partial or foreign ever lands in the bucket, and
 * a multipart upload of a broken body is aborted.
 */
class ProviderFaultTests extends FetchWorkerTestSupport {

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
        assertThat(failed.getFirst().getNextAttemptAt()).isNull();
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
    void shouldStoreSlowlyDribbledBodyIntact() throws Exception {
        // given: the body arrives in 20 chunks over 2 s, each gap well under the 5 s read timeout
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(audio().withChunkedDribbleDelay(20, 2_000)));
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertStoredByteForByte(call);
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void shouldRetryConnectionResetAndStoreTheRecording() throws Exception {
        // given: the first connection is reset by the provider
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        answerInTurn(path, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), audio());
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertStoredByteForByte(call);
        PROVIDER.verify(2, getRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void shouldAbortMultipartUploadOfBodyBrokenOffAndStoreTheCompleteOne() throws Exception {
        // given: a 6 MiB recording (two 5 MiB parts) whose first answer breaks off after 5.5 MiB, mid-body
        byte[] large = Arrays.copyOf(AUDIO, 6 * 1024 * 1024);
        byte[] cut = Arrays.copyOf(large, 5 * 1024 * 1024 + 512 * 1024);
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        answerInTurn(path,
                aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg")
                        .withHeader("Content-Length", String.valueOf(large.length)).withBody(cut),
                aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(large));
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then: stored whole at the second attempt; the first multipart upload was aborted, not left behind
        assertStoredByteForByte(call, large);
        PROVIDER.verify(2, getRequestedFor(urlPathEqualTo(path)));
        assertThat(incompleteUploads(objectKey(call, "mp3"))).isEmpty();
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

    private static ResponseDefinitionBuilder truncated() {
        return aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg")
                .withHeader("Content-Length", String.valueOf(AUDIO.length))
                .withBody(Arrays.copyOf(AUDIO, AUDIO.length / 2));
    }

}
