package dev.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one test configuration of every Spring Boot test of the module that talks to the shared broker, so that
 * Spring's context cache keeps a single application context. Tests keep apart through unique recording ids.
 *
 * <p>Tenants: {@code acme} (Twilio and ElevenLabs), {@code globex} (Twilio only, another account), {@code voiceonly}
 * (an ElevenLabs API key but no webhook secret, so no ElevenLabs webhooks). Vapi: {@code acme} has a webhook secret,
 * {@code globex} only an API key; recording URLs may point to {@code storage.vapi.test} (http too) and, https only, any
 * host below {@code recordings.vapi.test}. The public base URL carries a path prefix
 * and another host than the test server, so a signature only verifies over the configured public URL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.ingest.public-base-url=" + IngestIntegrationTest.PUBLIC_BASE_URL,
        "callvault.tenants.acme.twilio.account-sid=" + IngestIntegrationTest.ACME_ACCOUNT_SID,
        "callvault.tenants.acme.twilio.auth-token=" + IngestIntegrationTest.ACME_AUTH_TOKEN,
        "callvault.tenants.acme.elevenlabs.api-key=acme-elevenlabs-key",
        "callvault.tenants.acme.elevenlabs.webhook-secret=" + IngestIntegrationTest.ACME_ELEVENLABS_SECRET,
        "callvault.tenants.acme.vapi.webhook-secret=" + IngestIntegrationTest.ACME_VAPI_SECRET,
        "callvault.tenants.globex.vapi.api-key=globex-vapi-key",
        "callvault.providers.vapi.recording-hosts=storage.vapi.test, *.recordings.vapi.test",
        "callvault.tenants.globex.twilio.account-sid=" + IngestIntegrationTest.GLOBEX_ACCOUNT_SID,
        "callvault.tenants.globex.twilio.auth-token=globex-twilio-token",
        "callvault.tenants.voiceonly.elevenlabs.api-key=voiceonly-elevenlabs-key"
})
public abstract class IngestIntegrationTest {

    protected static final String PUBLIC_BASE_URL = "https://hooks.callvault.test/ingest";
    protected static final String ACME_ACCOUNT_SID = "AC11111111111111111111111111111111";
    protected static final String ACME_AUTH_TOKEN = "acme-twilio-auth-token";
    protected static final String ACME_ELEVENLABS_SECRET = "wsec_acme-elevenlabs-webhook-secret";
    protected static final String ACME_VAPI_SECRET = "acme-vapi-server-secret";
    protected static final String GLOBEX_ACCOUNT_SID = "AC22222222222222222222222222222222";

    /** Reads the answers' JSON. */
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    /**
     * Tenant {@code acme}'s Telnyx webhook signing key, made once per test JVM: its public half is configured here (raw
     * 32-byte key, base64, as Telnyx shows it) so every test class shares one application context.
     */
    protected static final KeyPair TELNYX_KEYS = ed25519KeyPair();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.registerKafka(registry);
        byte[] spki = TELNYX_KEYS.getPublic().getEncoded();
        registry.add("callvault.tenants.acme.telnyx.public-key", () -> Base64.getEncoder().encodeToString(
                Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
        registry.add("callvault.tenants.acme.telnyx.api-key", () -> "acme-telnyx-api-key");
        registry.add("callvault.tenants.globex.telnyx.api-key", () -> "globex-telnyx-api-key");
    }

    private static KeyPair ed25519KeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** @return the test server's base URL ({@code http://127.0.0.1:<port>}) */
    protected String localBaseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Sends a request to the test server.
     *
     * @param request the request
     * @return the answer with its body as a string
     */
    protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Every CallEnded of a recording published so far. Publishing is acknowledged before the webhook is answered,
     * so after an answer this is exact: it reads each partition up to its current end.
     *
     * @param recordingId the record key
     * @return the events, in partition order
     */
    protected static List<CallEnded> publishedCallEnded(UUID recordingId) {
        return PublishedEvents.read(SharedInfrastructure.kafka().bootstrapServers(), Topics.CALL_ENDED,
                recordingId.toString()).stream().map(CallEnded.class::cast).toList();
    }

    /**
     * Waits up to 3 seconds for more CallEnded of a recording than expected, with the shared {@link TopicReader}.
     *
     * @param recordingId the record key
     * @param expected    how many are expected
     * @return the events found (more than expected if more were published)
     */
    protected static List<CallEnded> awaitCallEnded(UUID recordingId, int expected) {
        return new TopicReader(SharedInfrastructure.kafka().bootstrapServers())
                .read(Topics.CALL_ENDED, recordingId, expected + 1, Duration.ofSeconds(3)).stream()
                .map(CallEnded.class::cast).toList();
    }

    /**
     * Asserts a 202 whose body names the recording and the event, and exactly one CallEnded of the recording on the
     * topic with that event id.
     *
     * @param response    the webhook's answer
     * @param recordingId the expected recording id
     * @return the published event
     */
    protected static CallEnded assertAcceptedOnce(HttpResponse<String> response, UUID recordingId) {
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("recordingId").asString()).isEqualTo(recordingId.toString());
        List<CallEnded> events = awaitCallEnded(recordingId, 1);
        assertThat(events).hasSize(1);
        CallEnded event = events.getFirst();
        assertThat(event.getEventId().toString()).isEqualTo(answer.get("eventId").asString());
        return event;
    }

    /**
     * Asserts an RFC 9457 problem detail: the status, {@code application/problem+json}, the status in the body and a
     * title.
     *
     * @param response the answer
     * @param status   the expected status
     */
    protected static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(contentType(response)).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
    }

    /**
     * @param response an answer
     * @return its {@code Content-Type}, or an empty string
     */
    protected static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** @return a unique suffix of 32 hex digits */
    protected static String uniqueHex() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * @param uri the request URI
     * @return a request builder with a 30 s timeout
     */
    protected static HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
    }
}
