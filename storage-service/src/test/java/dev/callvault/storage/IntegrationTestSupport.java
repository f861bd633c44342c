package dev.callvault.storage;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.SharedInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one test configuration of storage-service: every Spring Boot test class extends this class and adds nothing to
 * its configuration, so Spring's context cache keeps exactly one application context (one consumer group member
 * set) for the whole run. The shared real Kafka broker and PostgreSQL come from {@link SharedInfrastructure}; tests
 * keep apart through unique tenants and recording ids.
 *
 * <p>The providers' APIs are one WireMock server ({@link #PROVIDERS}). Only the two reconciled tenants
 * ({@link #RECONCILED_A}, {@link #RECONCILED_B}) have provider credentials, and the reconciliation schedule is off:
 * tests call {@code Reconciler.reconcile()} themselves. Object storage is a bucket of its own ({@link #BUCKET}) on the
 * shared S3Proxy; only tenant {@link #RETAINED} has a retention, and its schedule is off too, as is the orphan scan's
 * (grace period {@link #ORPHAN_GRACE_PERIOD}), as is the sweep of expired uploads; only tenant {@link #SMALL_UPLOADS}
 * has its own upload limit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.security.jwt.hmac-secret=" + DevJwts.LOCAL_SECRET,
        "callvault.storage.consumer.retry-initial-interval=200ms",
        "callvault.storage.consumer.retry-max-interval=2s",
        "callvault.reconciliation.enabled=false",
        "callvault.storage.retention.enabled=false",
        "callvault.storage.orphans.enabled=false",
        "callvault.storage.orphans.grace-period=" + IntegrationTestSupport.ORPHAN_GRACE_PERIOD,
        "callvault.storage.uploads.part-size=5MB",
        "callvault.storage.uploads.cleanup-enabled=false",
        "callvault.storage.uploads.publish-timeout=5s",
        "callvault.storage.uploads.announce-retry-interval=1s",
        "callvault.storage.uploads.announce-retry-after=6s",
        "callvault.storage.uploads.tenants." + IntegrationTestSupport.SMALL_UPLOADS + ".max-size=20KB",
        "callvault.retention." + IntegrationTestSupport.RETAINED + ".days=30",
        "callvault.tenants." + IntegrationTestSupport.RECONCILED_A + ".twilio.account-sid="
                + IntegrationTestSupport.TWILIO_ACCOUNT_A,
        "callvault.tenants." + IntegrationTestSupport.RECONCILED_A + ".twilio.auth-token=token-a",
        "callvault.tenants." + IntegrationTestSupport.RECONCILED_A + ".elevenlabs.api-key=elevenlabs-key-a",
        "callvault.tenants." + IntegrationTestSupport.RECONCILED_B + ".twilio.account-sid="
                + IntegrationTestSupport.TWILIO_ACCOUNT_B,
        "callvault.tenants." + IntegrationTestSupport.RECONCILED_B + ".twilio.auth-token=token-b"})
public abstract class IntegrationTestSupport {

    /** A tenant with a Twilio account ({@link #TWILIO_ACCOUNT_A}, token {@code token-a}) and an ElevenLabs key. */
    protected static final String RECONCILED_A = "reconciled-a";

    /** The one tenant with a retention (30 days); the schedule is off: tests call {@code Retention.run()}. */
    protected static final String RETAINED = "retained";

    /** The one tenant with its own upload limit, 20 KB (others have the default 2 GB); uploads use 5 MiB parts. */
    protected static final String SMALL_UPLOADS = "small-uploads";

    /** The orphan scan's grace period (its schedule is off: tests call {@code OrphanScan.run()}). */
    protected static final String ORPHAN_GRACE_PERIOD = "PT4S";

    /** The bucket of this test JVM on the shared S3Proxy. */
    protected static final String BUCKET = "storage-service-tests";

    /** A tenant with only a Twilio account ({@link #TWILIO_ACCOUNT_B}, token {@code token-b}). */
    protected static final String RECONCILED_B = "reconciled-b";

    protected static final String TWILIO_ACCOUNT_A = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    protected static final String TWILIO_ACCOUNT_B = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    /** Twilio's and ElevenLabs' APIs for the whole test JVM (dynamic port), started on class load. */
    protected static final WireMockServer PROVIDERS = startProviders();

    /** Longest wait for an asynchronous outcome (the first test also waits for the consumer group to form). */
    protected static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(60);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void sharedInfrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.registerKafka(registry);
        SharedInfrastructure.registerPostgres(registry, "storage_service_tests");
        SharedInfrastructure.registerS3(registry, BUCKET);
        registry.add("callvault.providers.twilio.api-base-url", PROVIDERS::baseUrl);
        registry.add("callvault.providers.elevenlabs.api-base-url", PROVIDERS::baseUrl);
    }

    private static WireMockServer startProviders() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "providers-stop"));
        return server;
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected JsonMapper json;

    /** @return a tenant id no other test uses */
    protected static String uniqueTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    /** @return a fresh Twilio-like RecordingSid */
    protected static String uniqueRecordingSid() {
        return "RE" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A token of the local stack's secret for a tenant, valid one hour. */
    protected static String token(String tenantId, String... scopes) {
        return DevJwts.issue(DevJwts.LOCAL_SECRET, "user-" + tenantId, tenantId, scopes);
    }

    /**
     * A token of the local stack's secret that was issued two hours ago and expired one hour ago. ({@code DevJwts}
     * issues tokens "now", so an expired one of its making has {@code exp} before {@code iat}; this one is a plain
     * expired token, which only the expiry check refuses.)
     */
    protected static String expiredToken(String tenantId, String... scopes) {
        Instant issuedAt = Instant.now().minus(Duration.ofHours(2));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("user-" + tenantId)
                .claim("tenant_id", tenantId)
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(Duration.ofHours(1))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(DevJwts.LOCAL_SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A {@code CallEnded} builder with the fields every call has; the recording id follows {@link RecordingIds}. */
    protected static CallEnded.Builder callEnded(String tenantId, Provider provider, String providerRecordingId,
            Instant callEndedAt) {
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(callEndedAt.plusSeconds(2).truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, provider, providerRecordingId))
                .setProvider(provider)
                .setProviderCallId("CA" + providerRecordingId)
                .setProviderRecordingId(providerRecordingId)
                .setProviderAccountId("AC" + "0".repeat(32))
                .setCallStartedAt(callEndedAt.minusSeconds(40).truncatedTo(ChronoUnit.MILLIS))
                .setCallEndedAt(callEndedAt.truncatedTo(ChronoUnit.MILLIS))
                .setDurationSeconds(40)
                .setChannels(2)
                .setDirection(CallDirection.INBOUND)
                .setAgentId("agent-7")
                .setFromNumber("+14155550100")
                .setToNumber("+14155550199")
                .setMetadata(Map.of("queue", "support"));
    }

    /** A {@code RecordingStored} builder for an MP3 of the given size and checksum. */
    protected static RecordingStored.Builder recordingStored(String tenantId, Provider provider,
            String providerRecordingId, Instant callEndedAt, long sizeBytes, String sha256) {
        UUID recordingId = RecordingIds.of(tenantId, provider, providerRecordingId);
        return RecordingStored.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(recordingId)
                .setProvider(provider)
                .setBucket(BUCKET)
                .setObjectKey(ObjectKeys.of(tenantId, callEndedAt, recordingId, "mp3"))
                .setContentType("audio/mpeg")
                .setSizeBytes(sizeBytes)
                .setSha256(sha256)
                .setDurationSeconds(42)
                .setChannels(2)
                .setCallEndedAt(callEndedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    /** A {@code RecordingFetchFailed} builder. */
    protected static RecordingFetchFailed.Builder fetchFailed(String tenantId, Provider provider,
            String providerRecordingId, int attempts, boolean retryable) {
        return RecordingFetchFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, provider, providerRecordingId))
                .setProvider(provider)
                .setReason("provider answered 503 Service Unavailable")
                .setErrorCode("PROVIDER_UNAVAILABLE")
                .setHttpStatus(503)
                .setRetryable(retryable)
                .setAttempts(attempts);
    }

    /** Publishes an event as the other services do (key = recording id, Avro), acked before returning. */
    protected static RecordMetadata publish(String topic, SpecificRecord event) {
        return SharedInfrastructure.events().publish(topic, event);
    }

    /** Publishes raw bytes under a key, acked by the broker before returning. */
    protected static RecordMetadata publishRaw(String topic, String key, byte[] value) {
        return SharedInfrastructure.events().publishRaw(topic, key, value);
    }

    /** GETs a path of the running service, with a bearer token unless {@code token} is {@code null}. */
    protected HttpResponse<String> get(String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .GET();
        return send(request, token);
    }

    /**
     * POSTs a JSON body (none when {@code jsonBody} is {@code null}) to a path of the running service, with a bearer
     * token unless {@code token} is {@code null}.
     */
    protected HttpResponse<String> post(String path, String token, String jsonBody) {
        return send("POST", path, token, jsonBody);
    }

    /** Sends a request with the given method and JSON body (none when {@code null}) to the running service. */
    protected HttpResponse<String> send(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, token);
    }

    /**
     * Sends a request, with a bearer token unless {@code token} is null.
     *
     * @param request the request to send
     * @param token   a JWT, or null for none
     * @return the answer, body as text
     */
    protected static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses a response body as JSON. */
    protected JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    /** Reads the status column of a recording, or {@code null} while it has no row. */
    protected String statusOf(UUID recordingId) {
        return jdbc.query("SELECT status FROM recording WHERE id = ?",
                rs -> rs.next() ? rs.getString(1) : null, recordingId);
    }

    /** Waits until the recording's row has the given status. */
    protected void awaitStatus(UUID recordingId, String status) {
        await().atMost(ASYNC_TIMEOUT).until(() -> status.equals(statusOf(recordingId)));
    }

    /** Waits until an event id is recorded as processed (its transaction committed). */
    protected void awaitProcessed(UUID eventId) {
        await().atMost(ASYNC_TIMEOUT).until(() -> processedCount(eventId) == 1);
    }

    /** Counts the {@code processed_event} rows of an event id. */
    protected int processedCount(UUID eventId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM processed_event WHERE event_id = ?",
                Integer.class, eventId);
        return count == null ? 0 : count;
    }
}
