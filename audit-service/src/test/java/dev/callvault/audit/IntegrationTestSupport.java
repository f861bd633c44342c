package dev.callvault.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.AccessAction;
import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.DeletionReason;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.serde.AvroEventSerializer;
import dev.callvault.local.infra.PostgresServer;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.SharedInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one test configuration of audit-service: every Spring Boot test class extends this class and adds nothing to
 * its configuration, so Spring's context cache keeps exactly one application context (one set of consumer group
 * members) for the whole run. The shared real Kafka broker and PostgreSQL come from {@link SharedInfrastructure};
 * tests keep apart through unique tenants and recording ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.security.jwt.hmac-secret=" + DevJwts.LOCAL_SECRET,
        "callvault.audit.consumer.retry-initial-interval=200ms",
        "callvault.audit.consumer.retry-max-interval=2s"})
public abstract class IntegrationTestSupport {

    /** Longest wait for an asynchronous outcome (the first test also waits for the consumer group to form). */
    protected static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(60);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void sharedInfrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.registerKafka(registry);
        SharedInfrastructure.registerAuditPostgres(registry, "audit_service_tests");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected JsonMapper json;

    @Value("${spring.datasource.url}")
    private String jdbcUrl;

    /**
     * @return the test database as the owner of its tables (the role migrations run as), for what the service's own
     *         role may not do: installing a fault-injecting trigger, checking what the owner may do
     */
    protected JdbcTemplate ownerJdbc() {
        return new JdbcTemplate(new SingleConnectionDataSource(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?")
                + "currentSchema=audit", PostgresServer.USER, PostgresServer.PASSWORD, true));
    }

    /** @return a tenant id no other test uses */
    protected static String uniqueTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    /** @return the recording id of a fresh Twilio-like RecordingSid of a fresh tenant, as every service computes it */
    protected static UUID uniqueRecordingId() {
        return RecordingIds.of(uniqueTenant(), Provider.TWILIO, uniqueRecordingSid());
    }

    /** @return a fresh Twilio-like RecordingSid */
    protected static String uniqueRecordingSid() {
        return "RE" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A token of the local stack's secret for a tenant, valid one hour. */
    protected static String token(String tenantId, String... scopes) {
        return DevJwts.issue(DevJwts.LOCAL_SECRET, "user-" + tenantId, tenantId, scopes);
    }

    /** A token with scope {@code audit:read} for a tenant. */
    protected static String auditor(String tenantId) {
        return token(tenantId, "audit:read");
    }

    /** A {@code RecordingAccessed} builder as playback-service publishes a streamed range. */
    protected static RecordingAccessed.Builder accessed(String tenantId, UUID recordingId, String subject,
            Instant occurredAt) {
        return RecordingAccessed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(occurredAt.truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(recordingId)
                .setSubject(subject)
                .setAction(AccessAction.STREAM)
                .setRequestedRange("bytes=0-")
                .setHttpStatus(206)
                .setClientAddress("203.0.113.7")
                .setUserAgent("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0")
                .setUrlExpiresAt(occurredAt.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS));
    }

    /** A {@code CallEnded} builder of a Twilio call, with phone numbers, a recording URL and metadata. */
    protected static CallEnded.Builder callEnded(String tenantId, String recordingSid, Instant callEndedAt) {
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(callEndedAt.plusSeconds(2).truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.TWILIO, recordingSid))
                .setProvider(Provider.TWILIO)
                .setProviderCallId("CA" + recordingSid.substring(2))
                .setProviderRecordingId(recordingSid)
                .setProviderAccountId("AC" + "0".repeat(32))
                .setRecordingUrl("https://api.twilio.com/2010-04-01/Accounts/AC" + "0".repeat(32) + "/Recordings/"
                        + recordingSid)
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
    protected static RecordingStored.Builder recordingStored(String tenantId, String recordingSid,
            Instant callEndedAt, Instant occurredAt, long sizeBytes, String sha256) {
        UUID recordingId = RecordingIds.of(tenantId, Provider.TWILIO, recordingSid);
        return RecordingStored.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(occurredAt.truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(recordingId)
                .setProvider(Provider.TWILIO)
                .setBucket("recordings")
                .setObjectKey(ObjectKeys.of(tenantId, callEndedAt, recordingId, "mp3"))
                .setContentType("audio/mpeg")
                .setSizeBytes(sizeBytes)
                .setSha256(sha256)
                .setDurationSeconds(40)
                .setChannels(2)
                .setCallEndedAt(callEndedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    /** A {@code RecordingFetchFailed} builder: the provider answered 503, retryable. */
    protected static RecordingFetchFailed.Builder fetchFailed(String tenantId, String recordingSid,
            Instant occurredAt) {
        return RecordingFetchFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(occurredAt.truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.TWILIO, recordingSid))
                .setProvider(Provider.TWILIO)
                .setReason("provider answered 503 Service Unavailable")
                .setErrorCode("PROVIDER_UNAVAILABLE")
                .setHttpStatus(503)
                .setRetryable(true)
                .setAttempts(3);
    }

    /** A {@code RecordingDeleted} builder: deleted by retention. */
    protected static RecordingDeleted.Builder recordingDeleted(String tenantId, String recordingSid,
            Instant occurredAt, String objectKey) {
        return RecordingDeleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(occurredAt.truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.TWILIO, recordingSid))
                .setReason(DeletionReason.RETENTION)
                .setObjectKey(objectKey);
    }

    /** Publishes an event as the other services do (key = recording id, Avro), acked before returning. */
    protected static RecordMetadata publish(String topic, SpecificRecord event) {
        return SharedInfrastructure.events().publish(topic, event);
    }

    /**
     * Publishes values at once, as a burst: all sent before any acknowledgement is awaited, by a producer that lingers
     * up to 100 ms to fill its batches (256 KB), so that records of one partition reach the broker, and the consumer,
     * together. Values are raw bytes or generated events (then in the Avro single-object encoding, as the services
     * publish them); the keys say the partitions. Returns once the broker acknowledged every record.
     *
     * @param topic   the topic
     * @param records key and value of each record, in publishing order
     * @return where the broker stored each record, in the same order
     */
    protected static List<RecordMetadata> publishAtOnce(String topic, List<Map.Entry<String, ?>> records) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 100, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        AvroEventSerializer avro = new AvroEventSerializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (Map.Entry<String, ?> record : records) {
                byte[] value = record.getValue() instanceof SpecificRecord event ? avro.serialize(topic, event)
                        : (byte[]) record.getValue();
                sent.add(producer.send(new ProducerRecord<>(topic, record.getKey(), value)));
            }
            producer.flush();
            List<RecordMetadata> stored = new ArrayList<>(sent.size());
            for (Future<RecordMetadata> future : sent) {
                stored.add(future.get(30, TimeUnit.SECONDS));
            }
            return stored;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e);
        }
    }

    /** A record of {@link #publishAtOnce}: an event keyed by its recording id, as the services publish it. */
    protected static Map.Entry<String, ?> keyed(RecordingAccessed event) {
        return Map.entry(event.getRecordingId().toString(), event);
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

    /** Counts the {@code audit_event} rows of an event id. */
    protected int auditRows(UUID eventId) {
        return count("SELECT count(*) FROM audit_event WHERE event_id = ?", eventId);
    }

    /** Counts the {@code custody_event} rows of an event id. */
    protected int custodyRows(UUID eventId) {
        return count("SELECT count(*) FROM custody_event WHERE event_id = ?", eventId);
    }

    /** Waits until an access event is in {@code audit_event}. */
    protected void awaitAudited(UUID eventId) {
        await().atMost(ASYNC_TIMEOUT).until(() -> auditRows(eventId) == 1);
    }

    /** Waits until a lifecycle event is in {@code custody_event}. */
    protected void awaitCustody(UUID eventId) {
        await().atMost(ASYNC_TIMEOUT).until(() -> custodyRows(eventId) == 1);
    }

    /**
     * Counts the database transactions that inserted a tenant's {@code audit_event} rows: rows inserted by one
     * transaction share its id in the system column {@code xmin} (PostgreSQL documentation, "System Columns").
     */
    protected int auditTransactions(String tenantId) {
        return count("SELECT count(DISTINCT xmin::text) FROM audit_event WHERE tenant_id = ?", tenantId);
    }

    /** Counts rows with one parameter. */
    protected int count(String sql, Object parameter) {
        Integer count = jdbc.queryForObject(sql, Integer.class, parameter);
        return count == null ? 0 : count;
    }

    /** Asserts an RFC 9457 problem detail with the given status. */
    protected void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = body(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
    }
}
