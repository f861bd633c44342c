package dev.callvault.storage.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.storage.StorageServiceApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Issue 14, item 12: an upload's catalog entry and its {@code RecordingStored} are atomic. The fault: the service
 * stops after the entry committed and before the broker acknowledged the event. Before, the entry stayed
 * {@code AVAILABLE} in the catalog and playback never learnt of the recording; now the publication committed with
 * the entry and is sent by whichever instance runs next.
 */
class UploadAnnouncementTests extends UploadTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    private Environment environment;

    @Test
    void shouldAnnounceAnUploadWhoseInstanceStoppedBeforeTheBrokerAcknowledgedItsRecordingStored() {
        // given a second storage-service instance on the same catalog and bucket whose broker never answers, so it
        // stops between the two steps: entry committed, event not acknowledged
        String tenant = uniqueTenant();
        String callId = uniqueCallId();
        UUID recordingId = recordingIdOf(tenant, callId);
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        ConfigurableApplicationContext stranded = startWithoutBroker();
        int strandedPort = ((WebServerApplicationContext) stranded).getWebServer().getPort();
        Multipart multipart = multipart(call(callId), "call.mp3", "audio/mpeg", audio);
        CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + strandedPort + "/v1/recordings"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token(tenant, "recordings:write"))
                .header("Content-Type", multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.body())).build(),
                HttpResponse.BodyHandlers.ofString());

        // when the upload's entry has committed and the instance, waiting for the broker, stops at once
        await().atMost(ASYNC_TIMEOUT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM recording WHERE id = ? AND status = 'AVAILABLE'", Integer.class,
                recordingId) == 1);
        assertThat(response).isNotDone();
        stranded.close();
        // (its client learns nothing, as after a crash; the publication committed with the entry is left)
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_publication WHERE completion_date IS NULL"
                + " AND serialized_event LIKE ?", Integer.class, "%" + recordingId + "%")).isEqualTo(1);

        // then the running instance sends the RecordingStored: the catalog's facts, the bytes' SHA-256, one event id
        List<SpecificRecord> events = SharedInfrastructure.topics().read(Topics.RECORDING_STORED, recordingId, 1,
                ASYNC_TIMEOUT);
        assertThat(events).isNotEmpty();
        RecordingStored stored = (RecordingStored) events.getFirst();
        assertThat(stored.getSha256()).isEqualTo(AudioFixtures.sha256Hex(audio))
                .isEqualTo(jdbc.queryForObject("SELECT sha256 FROM recording WHERE id = ?", String.class,
                        recordingId));
        assertThat(stored.getTenantId()).isEqualTo(tenant);
        assertThat(stored.getUploadedBy()).isEqualTo("user-" + tenant);
        assertThat(stored.getObjectKey()).isEqualTo(jdbc.queryForObject(
                "SELECT object_key FROM recording WHERE id = ?", String.class, recordingId));
        assertThat(new BucketContents(minio, BUCKET).sha256(stored.getObjectKey()))
                .isEqualTo(AudioFixtures.sha256Hex(audio));
        // and its publication is done with, and every copy is the same fact, applied once
        await().atMost(ASYNC_TIMEOUT).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM event_publication WHERE serialized_event LIKE ?", Integer.class,
                "%" + recordingId + "%")).isZero());
        assertThat(SharedInfrastructure.topics().read(Topics.RECORDING_STORED, recordingId, 2, SCAN))
                .extracting(event -> ((RecordingStored) event).getEventId()).containsOnly(stored.getEventId());
        awaitProcessed(stored.getEventId());
        assertThat(processedCount(stored.getEventId())).isEqualTo(1);
    }

    /**
     * Starts storage-service with this test context's catalog, bucket and settings, but a Kafka address where nothing
     * listens, so that an upload waits a minute for the broker after its entry committed; it stops without waiting
     * for requests in progress.
     */
    private ConfigurableApplicationContext startWithoutBroker() {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + unusedPort(),
                "--server.shutdown=immediate",
                "--spring.kafka.admin.auto-create=false",
                "--spring.kafka.producer.properties.max.block.ms=60000",
                "--callvault.storage.uploads.publish-timeout=60s",
                "--callvault.storage.uploads.announce-retry-after=1h",
                "--callvault.security.jwt.hmac-secret=" + DevJwts.LOCAL_SECRET,
                "--callvault.reconciliation.enabled=false",
                "--callvault.storage.retention.enabled=false",
                "--callvault.storage.orphans.enabled=false",
                "--callvault.storage.uploads.part-size=5MB",
                "--callvault.storage.uploads.cleanup-enabled=false"));
        for (String property : List.of("spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "callvault.storage.s3.endpoint", "callvault.storage.s3.access-key",
                "callvault.storage.s3.secret-key", "callvault.storage.s3.region", "callvault.storage.s3.bucket",
                "callvault.storage.s3.encryption.mode")) {
            String value = environment.getProperty(property);
            if (value != null) {
                arguments.add("--" + property + "=" + value);
            }
        }
        return new SpringApplicationBuilder(StorageServiceApplication.class).profiles("local")
                .run(arguments.toArray(String[]::new));
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> call(String callId) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("callId", callId);
        fields.put("callStartedAt", "2026-11-20T10:00:00Z");
        fields.put("callEndedAt", "2026-11-20T10:00:08Z");
        fields.put("channels", "2");
        return fields;
    }
}
