package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.local.demo.Demo;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.LocalStack;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.launcher.StackFile;
import dev.callvault.local.launcher.StackSettings;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.DevJwts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole system as an operator runs it: the launcher behind {@code deploy/local/up} starts Kafka, PostgreSQL,
 * S3Proxy, the provider simulator and the five services as their own processes (random ports, a temporary state
 * folder), the demo behind {@code deploy/local/demo} drives a Twilio and an ElevenLabs recording to {@code AVAILABLE}
 * and plays a range, and the audit API shows who minted and played it.
 */
class LocalStackEndToEndSystemTests {

    @Test
    void shouldPlayTheDemoRecordingByRangeAndAuditTheUrlAndTheStream(@TempDir Path home) throws Exception {
        // given a local stack on random ports with its state in a temporary folder
        StackSettings settings = LauncherStacks.onFreePorts(home);
        OperatorEnvironment environment = settings.environment();

        try (LocalStack stack = new LocalStack(settings, System.out)) {
            stack.up();
            Map<String, String> addresses = new StackFile(settings.home()).read().orElseThrow();

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
}
