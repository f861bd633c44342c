package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.Topics;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.LocalService;
import dev.callvault.local.launcher.LocalStack;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.ProviderCall;
import dev.callvault.local.testing.StackWebhooks;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Media derivatives through the launcher: media-worker, started beside the JVM's stack (which leaves it out, so it
 * does not decode every other test's recordings), analyses a Twilio recording that went through the pipeline; the
 * catalog shows the analysis and the Opus rendition, playback-service serves the waveform peaks (audited as
 * {@code PEAKS}) and streams the rendition through a signed URL.
 */
class MediaSystemTests {

    private static LocalStack stack;
    private static Map<String, String> addresses;
    private static StackWebhooks webhooks;

    @BeforeAll
    static void startMediaWorker() throws Exception {
        LauncherStacks.Shared shared = LauncherStacks.shared();
        stack = shared.stack();
        addresses = shared.addresses();
        webhooks = new StackWebhooks(addresses, shared.environment());
        // only recordings stored from now on: the stack has stored other tests' recordings before
        stack.startService(LocalService.MEDIA_WORKER, Map.of("SPRING_KAFKA_CONSUMER_AUTOOFFSETRESET", "latest"));
        awaitAssigned("media-worker", Topics.RECORDING_STORED);
    }

    @AfterAll
    static void stopMediaWorker() {
        if (stack != null) {
            stack.stopService(LocalService.MEDIA_WORKER);
        }
    }

    @Test
    void shouldAnalyseATwilioRecordingAndServeItsPeaksAndOpusRendition() throws Exception {
        // given a Twilio call whose dual-channel recording went through the pipeline
        ProviderCall call = webhooks.newTwilioCall();
        assertThat(webhooks.send(call)).isEqualTo(202);
        String token = DevJwts.issue(LocalDefaults.JWT_SECRET, "media-reader", LocalDefaults.TENANT,
                "recordings:read", "audit:read");

        // when media-worker has analysed it, then the catalog entry carries the analysis of its object
        URI entry = URI.create(addresses.get("storage-service.url") + "/v1/recordings/" + call.recordingId());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode recording = Catalog.json(get(entry, token).body());
            assertThat(recording.path("status").asString()).isEqualTo("AVAILABLE");
            assertThat(recording.path("analysis").path("outcome").asString()).isEqualTo("ANALYZED");
        });
        JsonNode analysis = Catalog.json(get(entry, token).body()).path("analysis");
        assertThat(analysis.path("sourceSha256").asString()).isEqualTo(call.sha256());
        assertThat(analysis.path("channels").asInt()).isEqualTo(2);
        assertThat(analysis.path("sampleRateHz").asInt()).isEqualTo(8000);
        assertThat(analysis.path("durationMs").asLong()).isBetween(7_500L, 9_000L);
        assertThat(analysis.path("perChannel").size()).isEqualTo(2);
        assertThat(analysis.path("talkOverMs").isNumber()).isTrue();

        // and playback-service serves its waveform peaks in audiowaveform's format
        URI peaks = URI.create(addresses.get("playback-service.url") + "/v1/recordings/" + call.recordingId()
                + "/peaks");
        HttpResponse<String> answer = get(peaks, token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode waveform = Catalog.json(answer.body());
        assertThat(waveform.path("version").asInt()).isEqualTo(2);
        assertThat(waveform.path("channels").asInt()).isEqualTo(2);
        assertThat(waveform.path("bits").asInt()).isEqualTo(8);
        assertThat(waveform.path("data").size()).isEqualTo(waveform.path("length").asInt() * 2 * 2);

        // and its Opus rendition is listed in the catalog and streamed through a signed URL, byte for byte
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Catalog.json(get(entry, token).body()).path("renditions").size() == 1);
        JsonNode rendition = Catalog.json(get(entry, token).body()).path("renditions").get(0);
        assertThat(rendition.path("rendition").asString()).isEqualTo("OPUS");
        assertThat(rendition.path("sourceSha256").asString()).isEqualTo(call.sha256());
        // a 32 kbit/s MP3 gets a rendition at most at its own bitrate (the WAV savings are media-worker's tests')
        assertThat(rendition.path("bitrateBps").asInt()).isLessThanOrEqualTo(
                (int) (call.sizeBytes() * 8 * 1000 / analysis.path("durationMs").asLong()) + 1);
        URI mint = URI.create(addresses.get("playback-service.url") + "/v1/recordings/" + call.recordingId()
                + "/playback-url");
        HttpResponse<String> minted = Webhooks.send(HttpRequest.newBuilder(mint)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"rendition\": \"opus\"}")).build());
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        URI signed = URI.create(Catalog.json(minted.body()).path("url").asString());
        HttpResponse<byte[]> opus = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(signed)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(opus.statusCode()).isEqualTo(200);
        assertThat(opus.headers().firstValue("Content-Type")).hasValue("audio/ogg; codecs=opus");
        assertThat(dev.callvault.local.testing.AudioFixtures.sha256Hex(opus.body()))
                .isEqualTo(rendition.path("sha256").asString());

        // and the dashboard plays the rendition too: its BFF mints the URL for the signed-in user
        String session = dashboardSession();
        HttpResponse<String> viaDashboard = dashboard("POST", "/api/recordings/" + call.recordingId()
                + "/playback-url", session, "{\"disposition\": \"inline\", \"rendition\": \"opus\"}");
        assertThat(viaDashboard.statusCode()).as(viaDashboard.body()).isEqualTo(201);
        URI dashboardUrl = URI.create(Catalog.json(viaDashboard.body()).path("url").asString());
        assertThat(dashboardUrl.getQuery()).contains("rendition=opus");
        HttpResponse<byte[]> played = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                dashboardUrl).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(dev.callvault.local.testing.AudioFixtures.sha256Hex(played.body()))
                .isEqualTo(rendition.path("sha256").asString());

        // and the read is in the audit log as PEAKS, by the token's subject
        URI audit = URI.create(addresses.get("audit-service.url") + "/v1/audit-events?recordingId="
                + call.recordingId() + "&action=PEAKS");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode items = Catalog.json(get(audit, token).body()).path("items");
            assertThat(items.size()).isEqualTo(1);
            assertThat(items.get(0).path("subject").asString()).isEqualTo("media-reader");
        });
    }

    /** Signs in to the dashboard with its development form; answers the session cookie's value. */
    private static String dashboardSession() throws Exception {
        HttpResponse<String> form = dashboard("GET", "/dev-login", null, null);
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as(form.body()).isTrue();
        HttpResponse<String> signedIn = Webhooks.send(HttpRequest.newBuilder(URI.create(addresses.get("dashboard.url")
                        + "/dev-login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "CALLVAULT_SESSION=" + sessionCookie(form))
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf.group(1),
                        StandardCharsets.UTF_8) + "&tenant=" + LocalDefaults.TENANT
                        + "&subject=media-listener&scope=recordings%3Aread")).build());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        return sessionCookie(signedIn);
    }

    /** A dashboard API call with the session and its CSRF token ({@code /api/me}). */
    private static HttpResponse<String> dashboard(String method, String path, String session, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(addresses.get("dashboard.url") + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (session != null) {
            request.header("Cookie", "CALLVAULT_SESSION=" + session);
            Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(Webhooks.send(HttpRequest
                    .newBuilder(URI.create(addresses.get("dashboard.url") + "/api/me"))
                    .header("Cookie", "CALLVAULT_SESSION=" + session).GET().build()).body());
            assertThat(token.find()).isTrue();
            request.header("X-CSRF-TOKEN", token.group(1));
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return Webhooks.send(request.build());
    }

    private static String sessionCookie(HttpResponse<String> response) {
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("CALLVAULT_SESSION=")).findFirst().orElseThrow();
        return cookie.substring("CALLVAULT_SESSION=".length(), cookie.indexOf(';'));
    }

    private static HttpResponse<String> get(URI uri, String token) throws Exception {
        return Webhooks.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build());
    }

    private static void awaitAssigned(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                addresses.get("kafka.bootstrap-servers")))) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(java.util.List.of(group))
                        .describedGroups().get(group).get();
                return description.members().stream().map(MemberDescription::assignment)
                        .mapToLong(assignment -> assignment.topicPartitions().stream()
                                .filter(partition -> partition.topic().equals(topic)).count())
                        .sum() == Topics.PARTITIONS;
            });
        }
    }
}
