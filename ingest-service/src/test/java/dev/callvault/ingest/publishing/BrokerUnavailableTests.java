package dev.callvault.ingest.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.local.testing.TwilioWebhookSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A broker that cannot be reached gives a 503 problem detail with {@code Retry-After} within the producer's bounds.
 * Its own application context points at a closed port; it never consumes, so it cannot disturb the shared context,
 * and it is closed after the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.ingest.public-base-url=https://hooks.callvault.test",
        "callvault.tenants.acme.twilio.account-sid=" + BrokerUnavailableTests.ACCOUNT_SID,
        "callvault.tenants.acme.twilio.auth-token=" + BrokerUnavailableTests.AUTH_TOKEN,
        "callvault.tenants.acme.vapi.webhook-secret=" + BrokerUnavailableTests.VAPI_SECRET,
        "spring.kafka.admin.auto-create=false"
})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerUnavailableTests {

    static final String ACCOUNT_SID = "AC33333333333333333333333333333333";
    static final String AUTH_TOKEN = "broker-down-token";
    static final String VAPI_SECRET = "broker-down-vapi-secret";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void unreachableBroker(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
    }

    @Test
    void shouldAnswerServiceUnavailableWhenTheBrokerIsUnreachable() throws Exception {
        // given
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put("CallSid", "CA0000000000000000000000000000000a");
        params.put("RecordingSid", "RE0000000000000000000000000000000a");
        params.put("RecordingStatus", "completed");
        params.put("RecordingDuration", "3");
        String path = "/webhooks/twilio/acme/recording-status";
        String signature = TwilioWebhookSigner.signature(AUTH_TOKEN, "https://hooks.callvault.test" + path, params);
        String form = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        Instant start = Instant.now();

        // when
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(40))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(16));
        assertUnavailable(response);
    }

    @Test
    void shouldAnswerServiceUnavailableForVapiReportWhenTheBrokerIsUnreachable() throws Exception {
        // given: an authenticated end-of-call report with a stereo recording on the default allowed host
        String report = """
                {"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call",
                 "call": {"id": "call-broker-down"},
                 "artifact": {"stereoRecordingUrl": "https://storage.vapi.ai/call-broker-down-stereo.wav"}}}
                """;

        // when
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/vapi/acme/end-of-call"))
                        .timeout(Duration.ofSeconds(40))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + VAPI_SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString(report)).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertUnavailable(response);
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("30");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("title").asString()).isEqualTo("Event not published");
    }
}
