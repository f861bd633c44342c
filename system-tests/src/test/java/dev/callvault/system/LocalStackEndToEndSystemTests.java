package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.demo.Demo;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.simulator.ProviderSimulator;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.TelnyxWebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole system as an operator runs it: the launcher behind {@code deploy/local/up} starts Kafka, PostgreSQL,
 * S3Proxy, the provider simulator and the five services as their own processes (random ports, a temporary state
 * folder), the demo behind {@code deploy/local/demo} drives a Twilio and an ElevenLabs recording to {@code AVAILABLE}
 * and plays a range, and the audit API shows who minted and played it. Vapi and Telnyx webhooks posted
 * to ingest end {@code AVAILABLE} too. The simulator also lists a Twilio recording and
 * an ElevenLabs conversation whose webhooks never came; storage-service's reconciliation finds them.
 */
class LocalStackEndToEndSystemTests {

    private static Map<String, String> addresses;
    private static OperatorEnvironment environment;

    @BeforeAll
    static void startStack() throws Exception {
        // the JVM's launcher stack: random ports, state in a new folder, reconciliation every 5 seconds, and a
        // simulator that lists two recordings whose webhooks never came
        LauncherStacks.Shared shared = LauncherStacks.shared();
        addresses = shared.addresses();
        environment = shared.environment();
    }

    @Test
    void shouldStoreRecordingsWhoseWebhooksNeverCameThroughReconciliation() {
        // given the provider lists a Twilio recording and an ElevenLabs conversation that no webhook announced
        UUID twilio = RecordingIds.of(LocalDefaults.TENANT, Provider.TWILIO, LauncherStacks.MISSED_RECORDING_SID);
        UUID elevenLabs = RecordingIds.of(LocalDefaults.TENANT, Provider.ELEVENLABS,
                LauncherStacks.MISSED_CONVERSATION_ID);
        String token = DevJwts.issue(LocalDefaults.JWT_SECRET, "operator", LocalDefaults.TENANT, "recordings:read");

        // when storage-service's reconciliation runs, then both end AVAILABLE with the bytes the provider served
        assertAvailableWith(twilio, token, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        assertAvailableWith(elevenLabs, token, AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
    }

    @Test
    void shouldStoreTheStereoRecordingOfAVapiEndOfCallReport() throws Exception {
        // given a Vapi call that ended a minute ago, whose report names the stereo recording on Vapi's storage (the
        // simulator, an allowlisted host)
        String callId = "vapi-call-" + Long.toHexString(System.nanoTime());
        String simulator = addresses.get("simulator.url");
        Instant ended = Instant.now().minusSeconds(60);
        String report = """
                {"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call",
                 "startedAt": "%s", "endedAt": "%s", "durationSeconds": 42.5,
                 "artifact": {"recordingUrl": "%s/vapi-storage/%s/mono.mp3",
                              "stereoRecordingUrl": "%s/vapi-storage/%s/stereo.mp3"},
                 "call": {"id": "%s", "orgId": "org-demo", "type": "inboundPhoneCall", "status": "ended"}}}
                """.formatted(ended.minusSeconds(42), ended, simulator, callId, simulator, callId, callId);

        // when the report is posted to ingest with the tenant's Vapi secret
        HttpResponse<String> answer = Webhooks.send(HttpRequest.newBuilder(
                        URI.create(addresses.get("ingest-service.url") + "/webhooks/vapi/" + LocalDefaults.TENANT
                                + "/end-of-call"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LocalDefaults.VAPI_WEBHOOK_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(report)).build());

        // then it is accepted for the call id, and the recording ends AVAILABLE with the stereo audio's bytes
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        UUID recordingId = RecordingIds.of(LocalDefaults.TENANT, Provider.VAPI, callId);
        assertThat(Catalog.json(answer.body()).path("recordingId").asString()).isEqualTo(recordingId.toString());
        String token = DevJwts.issue(LocalDefaults.JWT_SECRET, "operator", LocalDefaults.TENANT, "recordings:read");
        assertAvailableWith(recordingId, token, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
    }

    @Test
    void shouldStoreTheRecordingOfATelnyxCallRecordingSavedWebhook() throws Exception {
        // given a Telnyx recording saved a minute ago whose webhook names a pre-signed URL on Telnyx's storage (the
        // simulator, an allowlisted host), signed ten minutes long from now
        String recordingId = UUID.randomUUID().toString();
        Instant ended = Instant.now().minusSeconds(60);
        String url = ProviderSimulator.telnyxStorageUrl(addresses.get("simulator.url"), recordingId, "wav",
                Instant.now());

        // when it is posted to ingest, signed with the demo tenant's Telnyx key
        HttpResponse<String> answer = postTelnyx(recordingId, ended, url);

        // then it is accepted, and the recording ends AVAILABLE with the dual-channel WAV's bytes
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        UUID id = RecordingIds.of(LocalDefaults.TENANT, Provider.TELNYX, recordingId);
        String token = DevJwts.issue(LocalDefaults.JWT_SECRET, "operator", LocalDefaults.TENANT, "recordings:read");
        assertAvailableWith(id, token, AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);
    }

    @Test
    void shouldFetchATelnyxRecordingThroughTheApiWhenTheWebhooksUrlHasExpired() throws Exception {
        // given a webhook whose pre-signed URL expired before the fetch (signed an hour ago for ten minutes)
        String recordingId = UUID.randomUUID().toString();
        Instant ended = Instant.now().minusSeconds(60);
        String expired = ProviderSimulator.telnyxStorageUrl(addresses.get("simulator.url"), recordingId, "wav",
                Instant.now().minus(Duration.ofHours(1)));

        // when it is posted to ingest
        HttpResponse<String> answer = postTelnyx(recordingId, ended, expired);

        // then fetch-worker asks Telnyx's recordings API (the simulator, with the tenant's API key) for a fresh URL,
        // and the recording ends AVAILABLE with the same bytes
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        UUID id = RecordingIds.of(LocalDefaults.TENANT, Provider.TELNYX, recordingId);
        String token = DevJwts.issue(LocalDefaults.JWT_SECRET, "operator", LocalDefaults.TENANT, "recordings:read");
        assertAvailableWith(id, token, AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);
    }

    private static HttpResponse<String> postTelnyx(String recordingId, Instant ended, String recordingUrl)
            throws Exception {
        String body = """
                {"data": {"record_type": "event", "event_type": "call.recording.saved", "id": "%s",
                 "occurred_at": "%s",
                 "payload": {"recording_id": "%s", "call_control_id": "v3:%s", "call_leg_id": "%s",
                  "call_session_id": "%s", "connection_id": "demo-connection", "channels": "dual", "format": "wav",
                  "recording_started_at": "%s", "recording_ended_at": "%s",
                  "recording_urls": {"wav": "%s"}, "public_recording_urls": {}}}}
                """.formatted(UUID.randomUUID(), ended.plusSeconds(1), recordingId, recordingId, UUID.randomUUID(),
                UUID.randomUUID(), ended.minusSeconds(30), ended, recordingUrl);
        long timestamp = Instant.now().getEpochSecond();
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Webhooks.send(HttpRequest.newBuilder(URI.create(addresses.get("ingest-service.url")
                        + "/webhooks/telnyx/" + LocalDefaults.TENANT + "/call-recording"))
                .header("Content-Type", "application/json")
                .header(TelnyxWebhookSigner.TIMESTAMP_HEADER, String.valueOf(timestamp))
                .header(TelnyxWebhookSigner.SIGNATURE_HEADER,
                        TelnyxWebhookSigner.signature(LocalDefaults.TELNYX_PRIVATE_KEY, timestamp, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private static void assertAvailableWith(UUID recordingId, String token, String fixture) {
        byte[] audio = AudioFixtures.bytes(fixture);
        URI entry = URI.create(addresses.get("storage-service.url") + "/v1/recordings/" + recordingId);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> answer = Webhooks.send(HttpRequest.newBuilder(entry)
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode recording = Catalog.json(answer.body());
            assertThat(recording.path("status").asString()).as(answer.body()).isEqualTo("AVAILABLE");
            assertThat(recording.path("sha256").asString()).isEqualTo(AudioFixtures.sha256Hex(audio));
            assertThat(recording.path("sizeBytes").asLong()).isEqualTo(audio.length);
        });
    }

    @Test
    void shouldPlayTheDemoRecordingByRangeAndAuditTheUrlAndTheStream() throws Exception {
        // given the local stack with the demo tenant
        // when the demo runs against it
        Demo.Result demo = new Demo(addresses, environment, System.out).run();

        // then the range it played is the provider's bytes at that offset
        assertThat(demo.playbackUrl()).as("playback URL").isNotNull();
        String range = "bytes=" + Demo.RANGE_FIRST + "-" + Demo.RANGE_LAST;
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(demo.playbackUrl())).header("Range", range).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(audio, Demo.RANGE_FIRST, Demo.RANGE_LAST + 1));

        // and the audit API lists the URL issued to the demo's subject and its ranged streams
        String token = DevJwts.issue(LocalDefaults.JWT_SECRET, "auditor", LocalDefaults.TENANT, "audit:read");
        URI auditEvents = URI.create(addresses.get("audit-service.url") + "/v1/audit-events?recordingId="
                + demo.twilioRecordingId());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> answer = Webhooks.send(HttpRequest.newBuilder(auditEvents)
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode items = Catalog.json(answer.body()).path("items");
            List<String> actions = new ArrayList<>();
            items.forEach(item -> {
                actions.add(item.path("action").asString());
                assertThat(item.path("subject").asString()).isEqualTo(Demo.SUBJECT);
                if ("STREAM".equals(item.path("action").asString())) {
                    assertThat(item.path("requestedRange").asString()).isEqualTo(range);
                    assertThat(item.path("httpStatus").asInt()).isEqualTo(206);
                }
            });
            // the demo's own ranged GET and this test's
            assertThat(actions).containsExactlyInAnyOrder("URL_ISSUED", "STREAM", "STREAM");
        });
    }
}
