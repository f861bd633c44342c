package dev.callvault.fetch.fetching;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Provider faults within one delivery: transient ones are retried in place with back-off until the recording is
 * stored; permanent ones fail at once; nothing partial or foreign ever lands in the bucket, and
 * a multipart upload of a broken body is aborted.
 */
class ProviderFaultTests extends FetchWorkerTestSupport {

    /** Transient faults, each followed by the audio: the answers in turn and the requests it takes. */
    static Stream<Arguments> transientFaults() {
        return Stream.of(
                arguments(named("two 503s", List.of(aResponse().withStatus(503), aResponse().withStatus(503))), 3),
                arguments(named("two 404s shortly after the call",
                        List.of(aResponse().withStatus(404), aResponse().withStatus(404))), 3),
                arguments(named("a body shorter than its Content-Length", List.of(truncated())), 2),
                arguments(named("a connection reset",
                        List.of(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))), 2));
    }

    @ParameterizedTest
    @MethodSource("transientFaults")
    void shouldRetryTransientFaultsInPlaceAndStoreTheCompleteRecording(List<ResponseDefinitionBuilder> faults,
            int requests) throws Exception {
        // given
        List<ResponseDefinitionBuilder> answers = new ArrayList<>(faults);
        answers.add(audio());
        CallEnded call = twilioCallAnswered(TENANT, answers.toArray(ResponseDefinitionBuilder[]::new));

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then: stored whole, within the delivery (no hand-over announced)
        assertStoredByteForByte(call);
        PROVIDER.verify(requests, getRequestedFor(urlPathEqualTo(mediaPath(call))));
        assertThat(topics().read(Topics.RECORDING_FETCH_FAILED, call.getRecordingId(), 1, Duration.ofMillis(500)))
                .isEmpty();
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
    void shouldAbortMultipartUploadOfBodyBrokenOffAndStoreTheCompleteOne() throws Exception {
        // given: a 6 MiB recording (two 5 MiB parts) whose first answer breaks off after 5.5 MiB, mid-body
        byte[] large = Arrays.copyOf(AUDIO, 6 * 1024 * 1024);
        byte[] cut = Arrays.copyOf(large, 5 * 1024 * 1024 + 512 * 1024);
        CallEnded call = twilioCallAnswered(TENANT,
                aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg")
                        .withHeader("Content-Length", String.valueOf(large.length)).withBody(cut),
                aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(large));
        String path = mediaPath(call);

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then: stored whole at the second attempt; the first multipart upload was aborted, not left behind
        assertStoredByteForByte(call, large);
        PROVIDER.verify(2, getRequestedFor(urlPathEqualTo(path)));
        assertThat(incompleteUploads(objectKey(call, "mp3"))).isEmpty();
    }

    @Test
    void shouldRefuseARecordingLargerThanTheMaximumWithoutStoringAnything() throws Exception {
        // given recordings one MiB over the tests' maximum (callvault.fetch.max-recording-size=12MB), one declaring
        // its length and one streamed without it (generated: the fixture's MP3 bytes, repeated)
        byte[] huge = Arrays.copyOf(AUDIO, 13 * 1024 * 1024);
        CallEnded declared = twilioCallAnswered(TENANT, aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(huge));
        CallEnded undeclared = twilioCallAnswered(TENANT, aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(huge).withChunkedDribbleDelay(4, 200));

        // when both are fetched
        publish(Topics.CALL_ENDED, declared.getRecordingId(), declared);
        publish(Topics.CALL_ENDED, undeclared.getRecordingId(), undeclared);

        // then each fails for good as RECORDING_TOO_LARGE after one request, and nothing of either is in the bucket
        for (CallEnded call : List.of(declared, undeclared)) {
            List<RecordingFetchFailed> failed = awaitFailed(call.getRecordingId(), 1);
            assertThat(failed).hasSize(1);
            assertThat(failed.getFirst().getErrorCode()).isEqualTo("RECORDING_TOO_LARGE");
            assertThat(failed.getFirst().getRetryable()).isFalse();
            assertThat(failed.getFirst().getNextAttemptAt()).isNull();
            PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(mediaPath(call))));
            assertThat(keysOf(call.getRecordingId())).isEmpty();
            assertThat(incompleteUploads(objectKey(call, "mp3"))).isEmpty();
            assertThat(topics().read(Topics.RECORDING_STORED, call.getRecordingId(), 1, Duration.ofMillis(500)))
                    .isEmpty();
        }
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
