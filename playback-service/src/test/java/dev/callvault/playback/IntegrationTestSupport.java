package dev.callvault.playback;

import static org.awaitility.Awaitility.await;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.SharedInfrastructure;
import io.minio.PutObjectArgs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * The one test configuration of playback-service: every Spring Boot test class (except the broker-down class, which
 * never consumes) extends this class and adds nothing to its configuration, so Spring's context cache keeps exactly
 * one application context for the whole run. Kafka, PostgreSQL and S3Proxy come from {@link SharedInfrastructure};
 * tests keep apart through unique tenants and recording ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.security.jwt.hmac-secret=" + DevJwts.LOCAL_SECRET,
        "callvault.playback.signing-keys." + IntegrationTestSupport.RETIRED_KID + "="
                + IntegrationTestSupport.RETIRED_SECRET,
        "callvault.playback.signing-keys." + IntegrationTestSupport.ACTIVE_KID + "="
                + IntegrationTestSupport.ACTIVE_SECRET,
        "callvault.playback.active-kid=" + IntegrationTestSupport.ACTIVE_KID,
        "callvault.playback.consumer.retry-initial-interval=200ms",
        "callvault.playback.consumer.retry-max-interval=2s",
        "callvault.playback.events.heartbeat=1s",
        "callvault.playback.events.max-subscribers-per-tenant=3",
        "callvault.playback.refusals.max-per-client=20",
        "callvault.playback.refusals.window=2s"})
public abstract class IntegrationTestSupport {

    /** Key that signs new URLs. */
    protected static final String ACTIVE_KID = "k2";
    protected static final String ACTIVE_SECRET = "test-active-signing-key-0123456789abcdef";
    /** Key still listed, no longer active. */
    protected static final String RETIRED_KID = "k1";
    protected static final String RETIRED_SECRET = "test-retired-signing-key-0123456789abcdef";
    /** Bucket of this module's tests. */
    protected static final String BUCKET = "playback-service-tests";

    protected static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(60);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void sharedInfrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.registerKafka(registry);
        SharedInfrastructure.registerPostgres(registry, "playback_service_tests");
        SharedInfrastructure.registerS3(registry, BUCKET);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected JsonMapper json;

    /** A recording whose object is in the bucket and whose read-model row is AVAILABLE. */
    protected record StoredRecording(UUID id, String tenantId, byte[] bytes, String sha256, String objectKey,
            Instant storedAt) {
    }

    protected static String uniqueTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    protected static String uniqueRecordingSid() {
        return "RE" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A dashboard token of the local secret, subject {@code user-<tenant>}. */
    protected static String token(String tenantId, String... scopes) {
        return DevJwts.issue(DevJwts.LOCAL_SECRET, "user-" + tenantId, tenantId, scopes);
    }

    protected static CallEnded.Builder callEnded(String tenantId, String sid, Instant endedAt) {
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(endedAt.plusSeconds(2).truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.TWILIO, sid))
                .setProvider(Provider.TWILIO)
                .setProviderCallId("CA" + sid)
                .setProviderRecordingId(sid)
                .setCallStartedAt(endedAt.minusSeconds(40).truncatedTo(ChronoUnit.MILLIS))
                .setCallEndedAt(endedAt.truncatedTo(ChronoUnit.MILLIS))
                .setDurationSeconds(40)
                .setChannels(2)
                .setDirection(CallDirection.INBOUND);
    }

    protected static RecordingStored.Builder recordingStored(String tenantId, String sid, Instant endedAt,
            String objectKey, long size, String sha256, String contentType) {
        return RecordingStored.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.TWILIO, sid))
                .setProvider(Provider.TWILIO)
                .setBucket(BUCKET)
                .setObjectKey(objectKey)
                .setContentType(contentType)
                .setSizeBytes(size)
                .setSha256(sha256)
                .setDurationSeconds(8)
                .setChannels(2)
                .setCallEndedAt(endedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * When {@link #givenAvailableRecording(String, String)} stores its recordings: a chosen instant, never today's, on
     * a single-digit day of the month and with a fraction of a second, so an HTTP-date written from it must pad the
     * day ({@code Mon, 02 Mar 2026 10:15:09 GMT}) and drop the fraction.
     */
    protected static final Instant STORED_AT = Instant.parse("2026-03-02T10:15:09.250Z");

    /**
     * Puts a fixture into the bucket and announces it as stored at {@link #STORED_AT}, then waits until the read model
     * has it AVAILABLE.
     */
    protected StoredRecording givenAvailableRecording(String tenantId, String fixture) {
        String sid = uniqueRecordingSid();
        UUID id = RecordingIds.of(tenantId, Provider.TWILIO, sid);
        Instant endedAt = Instant.parse("2026-03-02T10:15:00Z");
        byte[] bytes = AudioFixtures.bytes(fixture);
        String sha256 = AudioFixtures.sha256Hex(bytes);
        String ext = fixture.endsWith(".wav") ? "wav" : "mp3";
        String contentType = ext.equals("wav") ? "audio/wav" : "audio/mpeg";
        String key = ObjectKeys.of(tenantId, endedAt, id, ext);
        putObject(key, bytes, contentType);
        publish(callEnded(tenantId, sid, endedAt).build());
        RecordingStored stored = recordingStored(tenantId, sid, endedAt, key, bytes.length, sha256, contentType)
                .setOccurredAt(STORED_AT).build();
        publish(stored);
        awaitStatus(id, "AVAILABLE");
        return new StoredRecording(id, tenantId, bytes, sha256, key, stored.getOccurredAt());
    }

    protected static void putObject(String key, byte[] bytes, String contentType) {
        try {
            SharedInfrastructure.s3().client().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                    .data(bytes, bytes.length).contentType(contentType).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot put " + key, e);
        }
    }

    /** Publishes an event keyed by its recording id, acknowledged before returning. */
    protected static RecordMetadata publish(SpecificRecord event) {
        String topic = switch (event.getSchema().getName()) {
            case "CallEnded" -> dev.callvault.events.Topics.CALL_ENDED;
            case "RecordingStored" -> dev.callvault.events.Topics.RECORDING_STORED;
            case "RecordingFetchFailed" -> dev.callvault.events.Topics.RECORDING_FETCH_FAILED;
            case "RecordingDeleted" -> dev.callvault.events.Topics.RECORDING_DELETED;
            case "RecordingDerived" -> dev.callvault.events.Topics.RECORDING_DERIVED;
            default -> throw new IllegalArgumentException(event.getSchema().getName());
        };
        return SharedInfrastructure.events().publish(topic, event);
    }

    /** Reads a recording's status in the read model, or {@code null} without a row. */
    protected String statusOf(UUID recordingId) {
        return jdbc.query("SELECT status FROM recording WHERE id = ?", rs -> rs.next() ? rs.getString(1) : null,
                recordingId);
    }

    protected void awaitStatus(UUID recordingId, String status) {
        await().atMost(ASYNC_TIMEOUT).until(() -> status.equals(statusOf(recordingId)));
    }

    protected int processedCount(UUID eventId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM processed_event WHERE event_id = ?", Integer.class,
                eventId);
        return count == null ? 0 : count;
    }

    /** {@code POST /v1/recordings/{id}/playback-url} with an optional JSON body. */
    protected HttpResponse<String> mint(UUID recordingId, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/recordings/" + recordingId + "/playback-url"))
                .timeout(Duration.ofSeconds(15))
                .POST(jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Mints a URL (must answer 201) and returns its path and query, to be called on this test's port. */
    protected String mintedPath(UUID recordingId, String token, String jsonBody) {
        HttpResponse<String> response = mint(recordingId, token, jsonBody);
        if (response.statusCode() != 201) {
            throw new AssertionError("minting answered " + response.statusCode() + ": " + response.body());
        }
        URI url = URI.create(body(response).get("url").asString());
        return url.getRawPath() + "?" + url.getRawQuery();
    }

    /** A GET or HEAD of a path of the service with extra headers (name, value, name, value...). */
    protected HttpResponse<byte[]> request(String method, String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(15))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    protected HttpResponse<String> get(String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(15)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    protected static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    protected JsonNode body(byte[] response) {
        return json.readTree(new String(response, java.nio.charset.StandardCharsets.UTF_8));
    }
}
