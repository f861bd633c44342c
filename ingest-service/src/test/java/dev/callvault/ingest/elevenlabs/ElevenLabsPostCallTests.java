package dev.callvault.ingest.elevenlabs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.ingest.IngestIntegrationTest;
import dev.callvault.local.testing.ElevenLabsWebhookSigner;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ElevenLabs post-call webhooks over real HTTP, with events asserted on the real call-ended topic. */
class ElevenLabsPostCallTests extends IngestIntegrationTest {

    private static final long START = 1_750_000_000L;

    @Test
    void shouldPublishCallEndedForTranscription() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();
        UUID recordingId = RecordingIds.of("acme", Provider.ELEVENLABS, conversationId);
        byte[] body = transcription(conversationId, true).getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        CallEnded event = assertAcceptedOnce(response, recordingId);
        assertThat(event.getTenantId()).isEqualTo("acme");
        assertThat(event.getProvider()).isEqualTo(Provider.ELEVENLABS);
        assertThat(event.getProviderRecordingId()).isEqualTo(conversationId);
        assertThat(event.getProviderCallId()).isEqualTo(conversationId);
        assertThat(event.getAgentId()).isEqualTo("agent_7");
        assertThat(event.getCallStartedAt()).isEqualTo(Instant.ofEpochSecond(START));
        assertThat(event.getDurationSeconds()).isEqualTo(95);
        assertThat(event.getCallEndedAt()).isEqualTo(Instant.ofEpochSecond(START + 95));
        assertThat(event.getDirection()).isEqualTo(CallDirection.INBOUND);
        assertThat(event.getFromNumber()).isEqualTo("+14155550123");
        assertThat(event.getToNumber()).isEqualTo("+14155550999");
        assertThat(event.getRecordingAvailable()).isTrue();
        assertThat(event.getRecordingUrl()).isNull();
        assertThat(event.getMetadata())
                .containsEntry("status", "done")
                .containsEntry("metadata.termination_reason", "end_call tool was called.")
                .containsEntry("phone_call.call_sid", "CA123")
                .doesNotContainKey("transcript");
    }

    @Test
    void shouldPublishUnavailableRecordingWhenConversationHasNoAudio() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();
        UUID recordingId = RecordingIds.of("acme", Provider.ELEVENLABS, conversationId);

        // when
        HttpResponse<String> response = postSigned("acme",
                transcription(conversationId, false).getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        List<CallEnded> events = publishedCallEnded(recordingId);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().getRecordingAvailable()).isFalse();
        assertThat(events.getFirst().getUnavailableReason()).isEqualTo("has_audio=false");
    }

    @Test
    void shouldReadFieldsInAnyOrder() throws Exception {
        // given: type and data after a large transcript
        String conversationId = "conv_" + uniqueHex();
        UUID recordingId = RecordingIds.of("acme", Provider.ELEVENLABS, conversationId);
        String body = "{\"data\":{\"transcript\":[{\"role\":\"user\",\"message\":\"" + "hello ".repeat(10_000)
                + "\"}],\"conversation_id\":\"" + conversationId + "\",\"agent_id\":\"agent_9\"},"
                + "\"event_timestamp\":" + (START + 300) + ",\"type\":\"post_call_transcription\"}";

        // when
        HttpResponse<String> response = postSigned("acme", body.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        List<CallEnded> events = publishedCallEnded(recordingId);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().getAgentId()).isEqualTo("agent_9");
        assertThat(events.getFirst().getCallEndedAt()).isEqualTo(Instant.ofEpochSecond(START + 300));
        assertThat(events.getFirst().getDirection()).isEqualTo(CallDirection.UNKNOWN);
    }

    @Test
    void shouldRejectWrongSignature() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();
        byte[] body = transcription(conversationId, true).getBytes(StandardCharsets.UTF_8);
        String header = ElevenLabsWebhookSigner.header("another-secret", now(), body);

        // when
        HttpResponse<String> response = post("acme", body, header);

        // then
        assertProblem(response, 401);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldRejectTamperedBody() throws Exception {
        // given: signed, then one character of the body changed
        String conversationId = "conv_" + uniqueHex();
        byte[] body = transcription(conversationId, true).getBytes(StandardCharsets.UTF_8);
        String header = ElevenLabsWebhookSigner.header(ACME_ELEVENLABS_SECRET, now(), body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("agent_7", "agent_8")
                .getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = post("acme", tampered, header);

        // then
        assertProblem(response, 401);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldRejectMissingSignature() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();

        // when
        HttpResponse<String> response = post("acme",
                transcription(conversationId, true).getBytes(StandardCharsets.UTF_8), null);

        // then
        assertProblem(response, 401);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldRejectStaleTimestamp() throws Exception {
        // given: correctly signed 31 minutes ago
        String conversationId = "conv_" + uniqueHex();
        byte[] body = transcription(conversationId, true).getBytes(StandardCharsets.UTF_8);
        String header = ElevenLabsWebhookSigner.header(ACME_ELEVENLABS_SECRET, now() - 31 * 60, body);

        // when
        HttpResponse<String> response = post("acme", body, header);

        // then
        assertProblem(response, 401);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("older");
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldAcceptTimestampWithinTolerance() throws Exception {
        // given: correctly signed 29 minutes ago
        String conversationId = "conv_" + uniqueHex();
        byte[] body = transcription(conversationId, true).getBytes(StandardCharsets.UTF_8);
        String header = ElevenLabsWebhookSigner.header(ACME_ELEVENLABS_SECRET, now() - 29 * 60, body);

        // when
        HttpResponse<String> response = post("acme", body, header);

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).hasSize(1);
    }

    @Test
    void shouldRejectTimestampFarInTheFuture() throws Exception {
        // given: correctly signed for 10 minutes from now
        String conversationId = "conv_" + uniqueHex();
        byte[] body = transcription(conversationId, true).getBytes(StandardCharsets.UTF_8);
        String header = ElevenLabsWebhookSigner.header(ACME_ELEVENLABS_SECRET, now() + 10 * 60, body);

        // when
        HttpResponse<String> response = post("acme", body, header);

        // then
        assertProblem(response, 401);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldRejectATimestampBeyondTheRangeOfInstantWith401() throws Exception {
        // given a header whose t is past the largest Instant (year 1,000,000,000), or the smallest long
        String conversationId = "conv_" + uniqueHex();
        byte[] body = transcription(conversationId, true).getBytes(StandardCharsets.UTF_8);

        for (long t : new long[] {99_999_999_999_999_999L, Long.MIN_VALUE}) {
            // when
            HttpResponse<String> response = post("acme", body, "t=" + t + ",v0=" + "00".repeat(32));

            // then a problem detail 401, no server error and no stack trace
            assertProblem(response, 401);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at java.");
        }
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldRefuseAnUnverifiedBodyLargerThanTheLargestRealPostCallWebhookBeforeReadingIt() throws Exception {
        // given a caller without the secret that declares a 65 MB body (above the 64 MB of a two-hour conversation's
        // post_call_audio) and sends none of it
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "POST " + path("acme") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + 65L * 1024 * 1024 + "\r\n"
                    + "ElevenLabs-Signature: t=" + now() + ",v0=" + "00".repeat(32) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            // when the server answers (it must not wait for the body), then 413
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void shouldRejectMalformedJsonWhenSignatureMatches() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();
        byte[] body = ("{\"type\":\"post_call_transcription\",\"data\":{\"conversation_id\":\"" + conversationId
                + "\",").getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        assertProblem(response, 400);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldAnswerUnauthorizedForMalformedJsonWithWrongSignature() throws Exception {
        // given
        byte[] body = "{\"type\": nope".getBytes(StandardCharsets.UTF_8);
        String header = ElevenLabsWebhookSigner.header("another-secret", now(), body);

        // when
        HttpResponse<String> response = post("acme", body, header);

        // then
        assertProblem(response, 401);
    }

    @Test
    void shouldRejectTranscriptionWithoutConversationId() throws Exception {
        // given
        byte[] body = ("{\"type\":\"post_call_transcription\",\"event_timestamp\":" + START
                + ",\"data\":{\"agent_id\":\"agent_7\"}}").getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        assertProblem(response, 400);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("conversation_id");
    }

    @Test
    void shouldRejectOversizeTranscription() throws Exception {
        // given: 1.5 MiB of transcript, the type only at the end
        String conversationId = "conv_" + uniqueHex();
        String body = "{\"data\":{\"conversation_id\":\"" + conversationId + "\",\"transcript\":[\""
                + "x".repeat(1_572_864) + "\"]},\"type\":\"post_call_transcription\"}";

        // when
        HttpResponse<String> response = postSigned("acme", body.getBytes(StandardCharsets.UTF_8));

        // then
        assertProblem(response, 413);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldAnswerOkWithoutPublishingForCallInitiationFailure() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();
        byte[] body = ("{\"type\":\"call_initiation_failure\",\"event_timestamp\":" + now()
                + ",\"data\":{\"agent_id\":\"agent_7\",\"conversation_id\":\"" + conversationId
                + "\",\"failure_reason\":\"busy\"}}").getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldAnswerOkWithoutPublishingForUnknownType() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();
        byte[] body = ("{\"type\":\"post_call_something_new\",\"data\":{\"conversation_id\":\"" + conversationId
                + "\"}}").getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("post_call_something_new");
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldAcknowledgeLargeAudioWebhookWithoutPublishing() throws Exception {
        // given: 12 MB of base64 audio, far over the 1 MiB parse limit
        String conversationId = "conv_" + uniqueHex();
        byte[] body = audioWebhook(conversationId, 9 * 1024 * 1024);
        assertThat(body.length).isGreaterThan(12_000_000);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldRejectLargeAudioWebhookWithWrongSignature() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();
        byte[] body = audioWebhook(conversationId, 6 * 1024 * 1024);
        String header = ElevenLabsWebhookSigner.header(ACME_ELEVENLABS_SECRET, now(),
                "{\"type\":\"post_call_audio\"}".getBytes(StandardCharsets.UTF_8));

        // when
        HttpResponse<String> response = post("acme", body, header);

        // then
        assertProblem(response, 401);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldAnswerNotFoundForUnknownTenant() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();

        // when
        HttpResponse<String> response = postSigned("nobody",
                transcription(conversationId, true).getBytes(StandardCharsets.UTF_8));

        // then
        assertProblem(response, 404);
        assertThat(publishedCallEnded(RecordingIds.of("nobody", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    @Test
    void shouldAnswerNotFoundForTenantWithoutWebhookSecret() throws Exception {
        // given
        String conversationId = "conv_" + uniqueHex();

        // when
        HttpResponse<String> response = postSigned("voiceonly",
                transcription(conversationId, true).getBytes(StandardCharsets.UTF_8));

        // then
        assertProblem(response, 404);
        assertThat(publishedCallEnded(RecordingIds.of("voiceonly", Provider.ELEVENLABS, conversationId))).isEmpty();
    }

    private static String transcription(String conversationId, boolean hasAudio) {
        return """
                {"type": "post_call_transcription", "event_timestamp": %d,
                 "data": {"agent_id": "agent_7", "conversation_id": "%s", "status": "done",
                   "user_id": null,
                   "transcript": [{"role": "agent", "message": "Hello, how can I help?", "time_in_call_secs": 0},
                                  {"role": "user", "message": "I need my invoice.", "time_in_call_secs": 3}],
                   "metadata": {"start_time_unix_secs": %d, "call_duration_secs": 95, "cost": 412,
                     "termination_reason": "end_call tool was called.",
                     "phone_call": {"direction": "inbound", "phone_number_id": "phnum_1",
                       "agent_number": "+14155550999", "external_number": "+14155550123",
                       "type": "twilio", "call_sid": "CA123", "stream_sid": "MZ123"}},
                   "analysis": {"call_successful": "success", "transcript_summary": "Invoice request."},
                   "has_audio": %s, "has_user_audio": %s, "has_response_audio": %s}}
                """.formatted(START + 200, conversationId, START, hasAudio, hasAudio, hasAudio);
    }

    private static byte[] audioWebhook(String conversationId, int audioBytes) {
        byte[] audio = new byte[audioBytes];
        new Random(42).nextBytes(audio);
        ByteArrayOutputStream out = new ByteArrayOutputStream(audioBytes * 4 / 3 + 256);
        out.writeBytes(("{\"type\":\"post_call_audio\",\"event_timestamp\":" + now() + ",\"data\":{\"agent_id\":"
                + "\"agent_7\",\"conversation_id\":\"" + conversationId + "\",\"full_audio\":\"")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(Base64.getEncoder().encode(audio));
        out.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String path(String tenant) {
        return "/webhooks/elevenlabs/" + tenant + "/post-call";
    }

    private HttpResponse<String> postSigned(String tenant, byte[] body) throws Exception {
        return post(tenant, body, ElevenLabsWebhookSigner.header(ACME_ELEVENLABS_SECRET, now(), body));
    }

    private HttpResponse<String> post(String tenant, byte[] body, String signatureHeader) throws Exception {
        HttpRequest.Builder builder = request(localBaseUrl() + path(tenant))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signatureHeader != null) {
            builder.header("ElevenLabs-Signature", signatureHeader);
        }
        return send(builder.build());
    }
}
