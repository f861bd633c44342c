package dev.callvault.playback.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.playback.signing.Disposition;
import dev.callvault.playback.signing.UrlSigner;
import io.minio.PutObjectArgs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fail closed: with a broker that cannot be reached, minting and streaming answer 503 and no audio byte leaves. Its
 * own application context points at a closed port with its listeners stopped, so it never joins the shared consumer
 * group; its database and bucket are its own, and it is closed after the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.security.jwt.hmac-secret=" + DevJwts.LOCAL_SECRET,
        "callvault.playback.signing-keys.down=broker-down-signing-key-0123456789abcdef",
        "callvault.playback.active-kid=down",
        "spring.kafka.listener.auto-startup=false",
        "spring.kafka.admin.auto-create=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerUnavailableTests {

    private static final String BUCKET = "playback-broker-down-tests";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    UrlSigner signer;

    @DynamicPropertySource
    static void unreachableBroker(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
        SharedInfrastructure.registerPostgres(registry, "playback_broker_down_tests");
        SharedInfrastructure.registerS3(registry, BUCKET);
    }

    private UUID givenAvailableRecordingInTheReadModel(String tenant) throws Exception {
        UUID id = UUID.randomUUID();
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String key = tenant + "/2026/03/02/" + id + ".mp3";
        SharedInfrastructure.s3().client().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .data(audio, audio.length).contentType("audio/mpeg").build());
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                INSERT INTO recording (id, tenant_id, status, bucket, object_key, content_type, size_bytes, sha256,
                    stored_at, created_at, updated_at)
                VALUES (?, ?, 'AVAILABLE', ?, ?, 'audio/mpeg', ?, ?, ?, ?, ?)""",
                id, tenant, BUCKET, key, audio.length, AudioFixtures.sha256Hex(audio), now, now, now);
        return id;
    }

    @Test
    void shouldAnswerServiceUnavailableAndSendNoAudioWhenTheAccessCannotBeAudited() throws Exception {
        // given an available recording and a valid stream URL
        String tenant = "tenant-" + UUID.randomUUID();
        UUID id = givenAvailableRecordingInTheReadModel(tenant);
        URI url = signer.sign(id, tenant, "user-" + tenant, Duration.ofMinutes(5), Disposition.INLINE).url();
        HttpClient http = HttpClient.newHttpClient();
        Instant start = Instant.now();

        // when the URL is streamed and a new URL is asked for
        HttpResponse<byte[]> stream = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + url.getRawPath() + "?" + url.getRawQuery()))
                        .timeout(Duration.ofSeconds(30)).header("Range", "bytes=0-").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> mint = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/recordings/" + id + "/playback-url"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + DevJwts.issue(DevJwts.LOCAL_SECRET, "user-" + tenant,
                                tenant, "recordings:read"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        // then both are 503 problem details within the audit timeout, and no audio byte was sent
        assertThat(stream.statusCode()).isEqualTo(503);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(stream.headers().firstValue("Retry-After")).isPresent();
        assertThat(stream.headers().firstValue("Content-Range")).isEmpty();
        JsonNode problem = JsonMapper.builder().build().readTree(stream.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("title").asString()).isEqualTo("Audit unavailable");
        assertThat(stream.body().length).isLessThan(1024);
        assertThat(mint.statusCode()).isEqualTo(503);
        assertThat(mint.body()).doesNotContain("/v1/streams/");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
    }
}
