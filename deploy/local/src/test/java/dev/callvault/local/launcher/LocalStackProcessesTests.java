package dev.callvault.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callvault.events.DeletionReason;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.TopicSpec;
import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
import dev.callvault.local.infra.KafkaBrokerProcess;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone KRaft broker and the provider simulator, each started as its own process through the launcher's
 * code ({@link LocalStack#startKafka()}, {@link LocalStack#startSimulator()}) on random ports with a temporary state
 * folder. The operator overrides the demo tenant's Twilio auth token (in the underscored spelling), which the
 * simulator must honour.
 */
class LocalStackProcessesTests {

    private static final String OPERATOR_TWILIO_TOKEN = "operator-twilio-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path home;

    private static StackSettings settings;
    private static LocalStack stack;
    private static KafkaBrokerProcess kafka;
    private static ServiceProcess simulator;

    @BeforeAll
    static void startBrokerAndSimulator() {
        settings = TestStacks.settings(home, Map.of("CALLVAULT_TENANTS_DEMO_TWILIO_AUTH_TOKEN", OPERATOR_TWILIO_TOKEN));
        stack = new LocalStack(settings, System.out);
        kafka = stack.startKafka();
        simulator = stack.startSimulator();
    }

    @AfterAll
    static void stopEverything() {
        stack.close();
    }

    @Test
    void shouldCreateEveryContractTopicAndItsDeadLettersAsTheirSpecsSay() throws Exception {
        // given the broker the launcher started
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // when its topics are described
            Map<String, Map<String, String>> expected = new LinkedHashMap<>();
            for (TopicSpec spec : Topics.SPECS) {
                expected.put(spec.name(), spec.configs());
                expected.put(spec.deadLetterName(), spec.deadLetterConfigs(Topics.DEAD_LETTER_RETENTION));
            }
            Map<String, TopicDescription> descriptions = admin.describeTopics(expected.keySet()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(expected.keySet().stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList())
                    .all().get(30, TimeUnit.SECONDS);

            // then every contract topic and dead-letter topic exists with its spec's partitions, cleanup policy and
            // retention (dead letters: the delete policy, never compacted)
            assertThat(descriptions.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(descriptions.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(Topics.PARTITIONS));
            expected.forEach((topic, wanted) -> {
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
                wanted.forEach((name, value) -> assertThat(config.get(name).value()).as(topic + " " + name)
                        .isEqualTo(value));
            });
        }
    }

    @Test
    void shouldDeliverAnEventAndKeepItAcrossABrokerRestart() throws Exception {
        // given an Avro event produced to the standalone broker
        UUID recordingId = UUID.randomUUID();
        RecordingDeleted event = RecordingDeleted.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis())).setTenantId("demo")
                .setRecordingId(recordingId).setReason(DeletionReason.USER_REQUEST).build();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new AvroEventSerializer())) {
            producer.send(new ProducerRecord<>(Topics.RECORDING_DELETED, recordingId.toString(), event))
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(new TopicReader(kafka.bootstrapServers())
                .read(Topics.RECORDING_DELETED, recordingId, 1, Duration.ofSeconds(30))).containsExactly(event);

        // when the broker is stopped and started again on the same state folder
        kafka.close();
        kafka = stack.startKafka();

        // then the event is still there, and the pid file names the new broker process
        assertThat(new TopicReader(kafka.bootstrapServers())
                .read(Topics.RECORDING_DELETED, recordingId, 1, Duration.ofSeconds(30))).containsExactly(event);
        assertThat(Files.readAllLines(settings.pids().resolve("kafka.pid")).getFirst())
                .isEqualTo(String.valueOf(kafka.pid()));
    }

    @Test
    void shouldServeTheTwilioFixturesWithTheOperatorsAuthToken() throws Exception {
        // given the account of the demo tenant and the auth token the operator exported
        String media = "/2010-04-01/Accounts/" + LocalDefaults.TWILIO_ACCOUNT_SID + "/Recordings/RE"
                + "0123456789abcdef0123456789abcdef";

        // when its recording is fetched as mp3 and as wav
        HttpResponse<byte[]> mp3 = get(media + ".mp3", "Authorization",
                basic(LocalDefaults.TWILIO_ACCOUNT_SID, OPERATOR_TWILIO_TOKEN));
        HttpResponse<byte[]> wav = get(media + ".wav", "Authorization",
                basic(LocalDefaults.TWILIO_ACCOUNT_SID, OPERATOR_TWILIO_TOKEN));

        // then the committed speech recordings come back
        assertThat(mp3.statusCode()).isEqualTo(200);
        assertThat(mp3.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(AudioFixtures.sha256Hex(mp3.body()))
                .isEqualTo(AudioFixtures.sha256Hex(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3)));
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(AudioFixtures.sha256Hex(wav.body()))
                .isEqualTo(AudioFixtures.sha256Hex(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_WAV)));
    }

    @Test
    void shouldRefuseTwilioMediaWithWrongOrMissingCredentialsOrAnotherAccount() throws Exception {
        // given a recording path of the demo account
        String media = "/2010-04-01/Accounts/" + LocalDefaults.TWILIO_ACCOUNT_SID
                + "/Recordings/RE0123456789abcdef0123456789abcdef.mp3";

        // when it is fetched with the default token the operator replaced, with none, and for another account
        HttpResponse<byte[]> overridden = get(media, "Authorization",
                basic(LocalDefaults.TWILIO_ACCOUNT_SID, LocalDefaults.TWILIO_AUTH_TOKEN));
        HttpResponse<byte[]> anonymous = get(media, null, null);
        HttpResponse<byte[]> otherAccount = get(media.replace(LocalDefaults.TWILIO_ACCOUNT_SID,
                "AC11111111111111111111111111111111"), "Authorization",
                basic(LocalDefaults.TWILIO_ACCOUNT_SID, OPERATOR_TWILIO_TOKEN));

        // then Twilio's answers: 401 with a Basic challenge, and 404 for the other account
        assertThat(overridden.statusCode()).isEqualTo(401);
        assertThat(overridden.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Basic"));
        assertThat(new String(overridden.body(), StandardCharsets.UTF_8)).contains("20003");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(otherAccount.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldServeElevenLabsAudioForTheTenantsApiKeyOnly() throws Exception {
        // given a conversation of the demo tenant
        String audio = "/v1/convai/conversations/conv_01jx7ab/audio";

        // when its audio is fetched with the tenant's key and with another
        HttpResponse<byte[]> accepted = get(audio, "xi-api-key", LocalDefaults.ELEVENLABS_API_KEY);
        HttpResponse<byte[]> refused = get(audio, "xi-api-key", "not-the-key");

        // then only the tenant's key gets the fixture
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(AudioFixtures.sha256Hex(accepted.body()))
                .isEqualTo(AudioFixtures.sha256Hex(AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3)));
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldDescribeAnEndedVapiCallWhoseRecordingUrlServesTheFixture() throws Exception {
        // given a Vapi call id
        // when the call is fetched with the tenant's API key, then its stereo recording URL
        HttpResponse<byte[]> call = get("/call/call-123", "Authorization", "Bearer " + LocalDefaults.VAPI_API_KEY);
        JsonNode body = new ObjectMapper().readTree(call.body());
        String recordingUrl = body.path("artifact").path("stereoRecordingUrl").asText();
        HttpResponse<byte[]> recording = HTTP.send(HttpRequest.newBuilder(URI.create(recordingUrl)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        // then the call is ended and the URL serves the stereo fixture; another key is refused
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(body.path("status").asText()).isEqualTo("ended");
        assertThat(recordingUrl).startsWith(simulator.baseUrl());
        assertThat(AudioFixtures.sha256Hex(recording.body()))
                .isEqualTo(AudioFixtures.sha256Hex(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3)));
        assertThat(get("/call/call-123", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldRecordEveryStartedProcessInAPidFile() {
        // given the broker and the simulator started by the launcher
        PidFiles pids = new PidFiles(settings.pids());

        // when the pid files are read
        Set<String> names = Set.copyOf(pids.names());

        // then each names the live process
        assertThat(names).contains("kafka", "provider-simulator");
        assertThat(pids.running("provider-simulator")).hasValueSatisfying(p -> assertThat(p.pid())
                .isEqualTo(simulator.pid()));
        assertThat(pids.running("kafka")).hasValueSatisfying(p -> assertThat(p.pid()).isEqualTo(kafka.pid()));
    }

    private static HttpResponse<byte[]> get(String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path));
        if (header != null) {
            request.header(header, value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
