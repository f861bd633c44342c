package dev.callvault.ingest.vapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.ingest.IngestIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Vapi server messages over real HTTP, with events asserted on the real call-ended topic. */
class VapiEndOfCallTests extends IngestIntegrationTest {

    /** Stands for {@code Authorization: Bearer}. */
    private static final String BEARER = "Bearer";
    private static final String STARTED = "2026-11-20T09:15:00.000Z";
    private static final String ENDED = "2026-11-20T09:16:34.600Z";

    @Test
    void shouldPublishCallEndedForReportAuthenticatedByBearerSecret() throws Exception {
        // given
        String callId = UUID.randomUUID().toString();
        UUID recordingId = RecordingIds.of("acme", Provider.VAPI, callId);
        String stereo = "https://storage.vapi.test/" + callId + "-stereo.wav?X-Amz-Signature=abc";

        // when
        HttpResponse<String> response = post("acme", report(callId, artifact(stereo, mono(callId))),
                BEARER, ACME_VAPI_SECRET);

        // then
        CallEnded event = assertAcceptedOnce(response, recordingId);
        assertThat(event.getTenantId()).isEqualTo("acme");
        assertThat(event.getProvider()).isEqualTo(Provider.VAPI);
        assertThat(event.getProviderRecordingId()).isEqualTo(callId);
        assertThat(event.getProviderCallId()).isEqualTo(callId);
        assertThat(event.getProviderAccountId()).isEqualTo("org-acme");
        assertThat(event.getAgentId()).isEqualTo("asst-7");
        assertThat(event.getRecordingUrl()).isEqualTo(stereo);
        assertThat(event.getChannels()).isEqualTo(2);
        assertThat(event.getCallStartedAt()).isEqualTo(Instant.parse(STARTED));
        assertThat(event.getCallEndedAt()).isEqualTo(Instant.parse(ENDED));
        assertThat(event.getDurationSeconds()).isEqualTo(95);
        assertThat(event.getDirection()).isEqualTo(CallDirection.INBOUND);
        assertThat(event.getFromNumber()).isEqualTo("+14155550123");
        assertThat(event.getToNumber()).isEqualTo("+14155550999");
        assertThat(event.getRecordingAvailable()).isTrue();
        assertThat(event.getMetadata())
                .containsEntry("endedReason", "customer-ended-call")
                .containsEntry("call.type", "inboundPhoneCall")
                .containsEntry("recording", "stereo")
                .doesNotContainKey("transcript");
    }

    @Test
    void shouldPublishCallEndedForReportAuthenticatedByLegacySecretHeader() throws Exception {
        // given: only a mono recording, under a wildcard host
        String callId = UUID.randomUUID().toString();
        UUID recordingId = RecordingIds.of("acme", Provider.VAPI, callId);
        String mono = "https://eu-1.recordings.vapi.test/" + callId + "-mono.wav";

        // when
        HttpResponse<String> response = post("acme", report(callId, artifact(null, mono)),
                VapiEndOfCallController.X_VAPI_SECRET, ACME_VAPI_SECRET);

        // then
        CallEnded event = assertAcceptedOnce(response, recordingId);
        assertThat(event.getRecordingUrl()).isEqualTo(mono);
        assertThat(event.getChannels()).isEqualTo(1);
        assertThat(event.getMetadata()).containsEntry("recording", "mono");
    }

    @Test
    void shouldConvergeOnOneRecordingIdForDuplicateReports() throws Exception {
        // given
        String callId = UUID.randomUUID().toString();
        String body = stereoReport(callId);

        // when: Vapi delivers the same report twice
        HttpResponse<String> first = post("acme", body, BEARER, ACME_VAPI_SECRET);
        HttpResponse<String> second = post("acme", body, BEARER, ACME_VAPI_SECRET);

        // then
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        String recordingId = RecordingIds.of("acme", Provider.VAPI, callId).toString();
        assertThat(JSON.readTree(first.body()).get("recordingId").asString()).isEqualTo(recordingId);
        assertThat(JSON.readTree(second.body()).get("recordingId").asString()).isEqualTo(recordingId);
        List<CallEnded> events = publishedCallEnded(UUID.fromString(recordingId));
        assertThat(events).hasSize(2);
        assertThat(events).extracting(CallEnded::getProviderRecordingId).containsOnly(callId);
    }

    @Test
    void shouldRejectWrongSecret() throws Exception {
        // given
        String callId = UUID.randomUUID().toString();
        String body = stereoReport(callId);

        // when
        HttpResponse<String> bearer = post("acme", body, BEARER, "another-secret");
        HttpResponse<String> legacy = post("acme", body, VapiEndOfCallController.X_VAPI_SECRET, "another-secret");
        HttpResponse<String> missing = post("acme", body, null, null);

        // then
        assertProblem(bearer, 401);
        assertProblem(legacy, 401);
        assertProblem(missing, 401);
        assertThat(bearer.body()).doesNotContain("another-secret");
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.VAPI, callId))).isEmpty();
    }

    @Test
    void shouldRefuseRecordingUrlOutsideTheAllowlist() throws Exception {
        // given: a pre-signed URL on a foreign host, and plain http on a host admitted only by a wildcard
        String foreign = UUID.randomUUID().toString();
        String plainHttp = UUID.randomUUID().toString();

        // when
        HttpResponse<String> foreignHost = post("acme", report(foreign, artifact(
                "https://storage.vapi.test.evil.example/" + foreign + "-stereo.wav?X-Amz-Signature=abc", null)),
                BEARER, ACME_VAPI_SECRET);
        HttpResponse<String> insecure = post("acme", report(plainHttp, artifact(
                "https://storage.vapi.test/" + plainHttp + "-stereo.wav",
                "http://eu-1.recordings.vapi.test/" + plainHttp + "-mono.wav")),
                BEARER, ACME_VAPI_SECRET);

        // then
        assertProblem(foreignHost, 400);
        assertThat(foreignHost.body()).contains("message.artifact.stereoRecordingUrl").doesNotContain("X-Amz");
        assertProblem(insecure, 400);
        assertThat(insecure.body()).contains("message.artifact.recordingUrl");
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.VAPI, foreign))).isEmpty();
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.VAPI, plainHttp))).isEmpty();
    }

    @Test
    void shouldAnswerOkWithoutPublishingForOtherServerMessages() throws Exception {
        // given
        String callId = UUID.randomUUID().toString();
        String body = """
                {"message": {"type": "status-update", "status": "ended", "endedReason": "customer-ended-call",
                 "call": {"id": "%s", "orgId": "org-acme", "type": "inboundPhoneCall"}}}
                """.formatted(callId);

        // when
        HttpResponse<String> response = post("acme", body, BEARER, ACME_VAPI_SECRET);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("ignored").asString()).contains("status-update");
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.VAPI, callId))).isEmpty();
    }

    @Test
    void shouldAnswerOkWithoutPublishingForReportWithoutRecording() throws Exception {
        // given: a call that was never answered
        String callId = UUID.randomUUID().toString();
        String body = report(callId, "{\"messages\": []}").replace("customer-ended-call", "customer-did-not-answer");

        // when
        HttpResponse<String> response = post("acme", body, VapiEndOfCallController.X_VAPI_SECRET, ACME_VAPI_SECRET);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("ignored").asString()).contains("customer-did-not-answer");
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.VAPI, callId))).isEmpty();
    }

    @Test
    void shouldRejectMalformedJson() throws Exception {
        // given
        String callId = UUID.randomUUID().toString();
        String truncated = stereoReport(callId).substring(0, 200);

        // when
        HttpResponse<String> response = post("acme", truncated, BEARER, ACME_VAPI_SECRET);

        // then
        assertProblem(response, 400);
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.VAPI, callId))).isEmpty();
    }

    @Test
    void shouldRejectReportWithoutCallId() throws Exception {
        // given
        String body = "{\"message\": {\"type\": \"end-of-call-report\", \"artifact\": {\"recordingUrl\": "
                + "\"https://storage.vapi.test/x.wav\"}}}";

        // when
        HttpResponse<String> response = post("acme", body, BEARER, ACME_VAPI_SECRET);

        // then
        assertProblem(response, 400);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("message.call.id");
    }

    @Test
    void shouldAnswerNotFoundForUnknownTenantOrTenantWithoutSecret() throws Exception {
        // given
        String callId = UUID.randomUUID().toString();
        String body = stereoReport(callId);

        // when
        HttpResponse<String> unknown = post("nobody", body, BEARER, ACME_VAPI_SECRET);
        HttpResponse<String> withoutSecret = post("globex", body, BEARER, ACME_VAPI_SECRET);

        // then
        assertProblem(unknown, 404);
        assertProblem(withoutSecret, 404);
        assertThat(publishedCallEnded(RecordingIds.of("nobody", Provider.VAPI, callId))).isEmpty();
        assertThat(publishedCallEnded(RecordingIds.of("globex", Provider.VAPI, callId))).isEmpty();
    }

    private static String stereoReport(String callId) {
        return report(callId, artifact("https://storage.vapi.test/" + callId + "-stereo.wav", null));
    }

    private static String mono(String callId) {
        return "https://storage.vapi.test/" + callId + "-mono.wav";
    }

    private static String artifact(String stereo, String mono) {
        return """
                {"messages": [{"role": "bot", "message": "Hello, how can I help?", "secondsFromStart": 0.4}],
                 "transcript": "AI: Hello, how can I help?\\nUser: I need my invoice.",
                 "recordingUrl": %s, "stereoRecordingUrl": %s,
                 "recording": {"stereoUrl": %s, "mono": {"combinedUrl": %s}}}
                """.formatted(quoted(mono), quoted(stereo), quoted(stereo), quoted(mono));
    }

    private static String report(String callId, String artifact) {
        return """
                {"message": {"timestamp": 1795252595000, "type": "end-of-call-report",
                 "analysis": {"summary": "Invoice request.", "successEvaluation": "true"},
                 "artifact": %s,
                 "startedAt": "%s", "endedAt": "%s", "endedReason": "customer-ended-call",
                 "cost": 0.12, "durationSeconds": 94.6, "durationMs": 94600,
                 "customer": {"number": "+14155550123"},
                 "phoneNumber": {"id": "pn-1", "number": "+14155550999"},
                 "assistant": {"id": "asst-7", "name": "Support", "model": {"messages": [{"role": "system",
                   "content": "You are a helpful agent."}]}},
                 "call": {"id": "%s", "orgId": "org-acme", "type": "inboundPhoneCall", "assistantId": "asst-7",
                   "status": "ended", "customer": {"number": "+14155550123"}}}}
                """.formatted(artifact, STARTED, ENDED, callId);
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /**
     * Posts a server message; {@code header} {@link #BEARER} sends {@code Authorization: Bearer <value>}, and
     * {@code null} sends no secret.
     */
    private HttpResponse<String> post(String tenant, String body, String header, String value) throws Exception {
        HttpRequest.Builder builder = request(localBaseUrl() + "/webhooks/vapi/" + tenant + "/end-of-call")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (BEARER.equals(header)) {
            builder.header("Authorization", "Bearer " + value);
        } else if (header != null) {
            builder.header(header, value);
        }
        return send(builder.build());
    }
}
