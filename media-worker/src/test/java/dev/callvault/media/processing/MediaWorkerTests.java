package dev.callvault.media.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.AnalysisOutcome;
import dev.callvault.events.DeletionReason;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingAnalyzed;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.Rendition;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.media.analysis.Fixtures;
import dev.callvault.platform.storage.RecordingTombstones;
import io.minio.GetObjectArgs;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * media-worker end to end inside its process, on the shared Kafka broker and S3Proxy: a {@code RecordingStored}
 * in, the peaks object and the {@code RecordingAnalyzed} fact out; redeliveries, undecodable audio, tombstones,
 * deletions and events that can never apply.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.media.retry.initial-interval=200ms", "callvault.media.retry.max-interval=2s"})
class MediaWorkerTests {

    private static final String BUCKET = "media-worker-tests";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant ENDED_AT = Instant.parse("2026-03-02T10:15:00Z");

    @DynamicPropertySource
    static void sharedInfrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.registerKafka(registry);
        SharedInfrastructure.registerS3(registry, BUCKET);
    }

    @Autowired
    RecordingTombstones tombstones;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldStoreThePeaksAndPublishTheAnalysisOfAStoredRecording() throws Exception {
        // given a two-channel call in the bucket, announced as stored
        String tenant = uniqueTenant();
        RecordingStored stored = givenStored(tenant, Fixtures.bytes(Fixtures.AGENT_SILENT_SPANS), "wav");

        // when media-worker has handled it
        RecordingAnalyzed fact = awaitFacts(stored.getRecordingId(), 1).getFirst();

        // then the fact carries the measurements, keyed to the recording and its content
        assertThat(fact.getEventId()).isEqualTo(RecordingProcessor.factId(stored.getRecordingId(), stored.getSha256()));
        assertThat(fact.getTenantId()).isEqualTo(tenant);
        assertThat(fact.getOutcome()).isEqualTo(AnalysisOutcome.ANALYZED);
        assertThat(fact.getSourceSha256()).isEqualTo(stored.getSha256());
        assertThat(fact.getSourceObjectKey()).isEqualTo(stored.getObjectKey());
        assertThat(fact.getDurationMs()).isEqualTo(10_000L);
        assertThat(fact.getChannels()).isEqualTo(2);
        assertThat(fact.getSampleRateHz()).isEqualTo(8000);
        assertThat(fact.getLoudnessLufs()).isNotNull();
        assertThat(fact.getTalkOverMs()).isBetween(300L, 700L);
        assertThat(fact.getPerChannel()).hasSize(2);
        assertThat(fact.getPerChannel().get(1).getSpeechRatio()).isBetween(0.28, 0.32);
        // and the peaks lie next to the recording, in audiowaveform's JSON format, with the source's checksum
        String peaksKey = ObjectKeys.derivativeOf(stored.getObjectKey(), "peaks.json");
        assertThat(fact.getPeaksObjectKey()).isEqualTo(peaksKey);
        assertThat(fact.getPeaksSamplesPerPixel()).isEqualTo(256);
        StatObjectResponse stat = stat(peaksKey).orElseThrow();
        assertThat(stat.size()).isEqualTo(fact.getPeaksSizeBytes());
        assertThat(stat.contentType()).isEqualTo("application/json");
        assertThat(stat.userMetadata().getFirst("source-sha256")).isEqualTo(stored.getSha256());
        JsonNode peaks = json.readTree(read(peaksKey));
        assertThat(peaks.get("version").asInt()).isEqualTo(2);
        assertThat(peaks.get("channels").asInt()).isEqualTo(2);
        assertThat(peaks.get("sample_rate").asInt()).isEqualTo(8000);
        assertThat(peaks.get("bits").asInt()).isEqualTo(8);
        assertThat(peaks.get("length").asInt()).isEqualTo(313);
        assertThat(peaks.get("data").size()).isEqualTo(313 * 2 * 2);
    }

    @Test
    void shouldStoreAnOpusRenditionThatDecodesWithTheOriginalsChannelsAndDurationAndRecordItsDerivation()
            throws Exception {
        // given a 10 s two-channel call of 320 kB as 8 kHz PCM WAV
        String tenant = uniqueTenant();
        byte[] original = Fixtures.bytes(Fixtures.AGENT_SILENT_SPANS);
        RecordingStored stored = givenStored(tenant, original, "wav");

        // when media-worker has handled it
        List<SpecificRecord> found = SharedInfrastructure.topics().read(Topics.RECORDING_DERIVED,
                stored.getRecordingId(), 1, TIMEOUT);

        // then the derivation is recorded: from the original's checksum to the rendition's, with its parameters
        assertThat(found).hasSize(1);
        RecordingDerived derived = (RecordingDerived) found.getFirst();
        assertThat(derived.getRendition()).isEqualTo(Rendition.OPUS);
        assertThat(derived.getSourceSha256()).isEqualTo(stored.getSha256());
        assertThat(derived.getObjectKey()).isEqualTo(ObjectKeys.derivativeOf(stored.getObjectKey(), "opus.ogg"));
        assertThat(derived.getChannels()).isEqualTo(2);
        assertThat(derived.getBitrateBps()).isEqualTo(48_000);
        assertThat(derived.getCodec()).isEqualTo("opus");
        assertThat(derived.getEventId()).isEqualTo(RecordingProcessor.derivedId(stored.getRecordingId(),
                stored.getSha256(), Rendition.OPUS, derived.getParameters()));
        // and the rendition in the bucket is exactly what the fact says, and much smaller than the original
        byte[] rendition = read(derived.getObjectKey());
        assertThat(rendition).hasSize((int) derived.getSizeBytes());
        assertThat(AudioFixtures.sha256Hex(rendition)).isEqualTo(derived.getSha256());
        assertThat(stat(derived.getObjectKey()).orElseThrow().userMetadata().getFirst("source-sha256"))
                .isEqualTo(stored.getSha256());
        assertThat(rendition.length).isLessThan(original.length / 4);
        // and it decodes (ffprobe) as Opus with the original's channels and duration within 20 ms
        java.nio.file.Path file = java.nio.file.Files.createTempFile("rendition", ".ogg");
        try {
            java.nio.file.Files.write(file, rendition);
            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries",
                    "stream=codec_name,channels:format=duration", "-of", "json", file.toString())
                    .redirectErrorStream(true).start();
            JsonNode probed = json.readTree(probe.getInputStream().readAllBytes());
            assertThat(probe.waitFor()).isZero();
            assertThat(probed.get("streams").get(0).get("codec_name").asString()).isEqualTo("opus");
            assertThat(probed.get("streams").get(0).get("channels").asInt()).isEqualTo(2);
            assertThat(Double.parseDouble(probed.get("format").get("duration").asString()))
                    .isCloseTo(10.0, org.assertj.core.api.Assertions.within(0.020));
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldPublishTheSameFactAgainWhenTheRecordingIsRedelivered() {
        // given a recording analysed once
        String tenant = uniqueTenant();
        RecordingStored stored = givenStored(tenant, AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3), "mp3");
        RecordingAnalyzed first = awaitFacts(stored.getRecordingId(), 1).getFirst();

        // when the same object is announced again (a replay re-emits it under a new event id)
        publish(Topics.RECORDING_STORED, RecordingStored.newBuilder(stored).setEventId(UUID.randomUUID()).build());

        // then the second fact is recognisably the same fact: the same id and measurements
        List<RecordingAnalyzed> facts = awaitFacts(stored.getRecordingId(), 2);
        assertThat(facts).hasSize(2);
        assertThat(facts.get(1).getEventId()).isEqualTo(first.getEventId());
        assertThat(facts.get(1).getDurationMs()).isEqualTo(first.getDurationMs());
        assertThat(facts.get(1).getPerChannel()).isEqualTo(first.getPerChannel());
    }

    @Test
    void shouldPublishAFailureFactForBytesThatAreNoAudio() {
        // given a text file stored as an MP3
        String tenant = uniqueTenant();
        byte[] text = "not audio at all\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        RecordingStored stored = givenStored(tenant, text, "mp3");

        // when media-worker has handled it
        RecordingAnalyzed fact = awaitFacts(stored.getRecordingId(), 1).getFirst();

        // then the recording has an analysis failure fact and no peaks
        assertThat(fact.getOutcome()).isEqualTo(AnalysisOutcome.FAILED);
        assertThat(fact.getFailureReason()).startsWith("ffmpeg cannot decode the recording: ");
        assertThat(fact.getPerChannel()).isEmpty();
        assertThat(fact.getPeaksObjectKey()).isNull();
        assertThat(stat(ObjectKeys.derivativeOf(stored.getObjectKey(), "peaks.json"))).isEmpty();
        assertThat(stat(ObjectKeys.derivativeOf(stored.getObjectKey(), "opus.ogg"))).isEmpty();
    }

    @Test
    void shouldDeriveNothingFromARecordingWithATombstone() throws Exception {
        // given a recording that was deleted (its tombstone written) before media-worker saw it
        String tenant = uniqueTenant();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, uniqueSid());
        tombstones.write(tenant, recordingId, "USER_REQUEST", ENDED_AT.plusSeconds(60));
        RecordingStored stored = storedEvent(tenant, recordingId, Fixtures.bytes(Fixtures.TONE_BURSTS), "wav");

        // when media-worker has consumed its announcement
        RecordMetadata sent = publish(Topics.RECORDING_STORED, stored);
        awaitConsumed(sent);

        // then nothing was derived and no fact published
        assertThat(stat(ObjectKeys.derivativeOf(stored.getObjectKey(), "peaks.json"))).isEmpty();
        assertThat(SharedInfrastructure.topics().read(Topics.RECORDING_ANALYZED, recordingId, 1,
                Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void shouldDeleteThePeaksOfADeletedRecording() {
        // given an analysed recording
        String tenant = uniqueTenant();
        RecordingStored stored = givenStored(tenant, Fixtures.bytes(Fixtures.TONE_BURSTS), "wav");
        String peaksKey = awaitFacts(stored.getRecordingId(), 1).getFirst().getPeaksObjectKey();
        String renditionKey = ObjectKeys.derivativeOf(stored.getObjectKey(), "opus.ogg");
        assertThat(SharedInfrastructure.topics().read(Topics.RECORDING_DERIVED, stored.getRecordingId(), 1, TIMEOUT))
                .hasSize(1);
        assertThat(stat(peaksKey)).isPresent();
        assertThat(stat(renditionKey)).isPresent();

        // when it is deleted
        publish(Topics.RECORDING_DELETED, RecordingDeleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(ENDED_AT.plusSeconds(3600))
                .setTenantId(tenant)
                .setRecordingId(stored.getRecordingId())
                .setReason(DeletionReason.USER_REQUEST)
                .setDeletedBy("user-" + tenant)
                .setObjectKey(stored.getObjectKey())
                .build());

        // then its peaks and its rendition are gone
        await().atMost(TIMEOUT).until(() -> stat(peaksKey).isEmpty() && stat(renditionKey).isEmpty());
    }

    @Test
    void shouldDeadLetterAStoredEventWhoseKeyLiesOutsideItsTenant() {
        // given an event of one tenant that points at another tenant's object
        String tenant = uniqueTenant();
        String victim = uniqueTenant();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, uniqueSid());
        byte[] bytes = Fixtures.bytes(Fixtures.TONE_BURSTS);
        String victimKey = ObjectKeys.of(victim, ENDED_AT, recordingId, "wav");
        put(victimKey, bytes, "audio/wav");
        RecordingStored forged = RecordingStored.newBuilder(storedEvent(tenant, recordingId, bytes, "wav"))
                .setObjectKey(victimKey).build();

        // when it is published
        publish(Topics.RECORDING_STORED, forged);

        // then it goes to the dead-letter topic, and nothing is derived from the other tenant's object
        List<ConsumerRecord<String, byte[]>> dead = SharedInfrastructure.topics()
                .readRaw(Topics.deadLetter(Topics.RECORDING_STORED), recordingId.toString(), TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.getFirst().headers().lastHeader("kafka_dlt-exception-message").value(),
                StandardCharsets.UTF_8)).contains("object key outside tenant");
        assertThat(stat(ObjectKeys.derivativeOf(victimKey, "peaks.json"))).isEmpty();
    }

    private RecordingStored givenStored(String tenant, byte[] bytes, String extension) {
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, uniqueSid());
        RecordingStored stored = storedEvent(tenant, recordingId, bytes, extension);
        publish(Topics.RECORDING_STORED, stored);
        return stored;
    }

    private static RecordingStored storedEvent(String tenant, UUID recordingId, byte[] bytes, String extension) {
        String key = ObjectKeys.of(tenant, ENDED_AT, recordingId, extension);
        String contentType = extension.equals("wav") ? "audio/wav" : "audio/mpeg";
        put(key, bytes, contentType);
        return RecordingStored.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(ENDED_AT.plusSeconds(5))
                .setTenantId(tenant)
                .setRecordingId(recordingId)
                .setProvider(Provider.TWILIO)
                .setBucket(BUCKET)
                .setObjectKey(key)
                .setContentType(contentType)
                .setSizeBytes(bytes.length)
                .setSha256(AudioFixtures.sha256Hex(bytes))
                .setCallEndedAt(ENDED_AT)
                .build();
    }

    private static List<RecordingAnalyzed> awaitFacts(UUID recordingId, int expected) {
        List<SpecificRecord> found = SharedInfrastructure.topics().read(Topics.RECORDING_ANALYZED, recordingId,
                expected, TIMEOUT);
        assertThat(found).as("RecordingAnalyzed of %s", recordingId).hasSizeGreaterThanOrEqualTo(expected);
        return found.stream().map(RecordingAnalyzed.class::cast).toList();
    }

    private static void awaitConsumed(RecordMetadata sent) throws Exception {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafka().bootstrapServers()))) {
            await().atMost(TIMEOUT).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("media-worker")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > sent.offset();
            });
        }
    }

    private static RecordMetadata publish(String topic, SpecificRecord event) {
        return SharedInfrastructure.events().publish(topic, event);
    }

    private static void put(String key, byte[] bytes, String contentType) {
        try {
            SharedInfrastructure.s3().client().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                    .data(bytes, bytes.length).contentType(contentType).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot put " + key, e);
        }
    }

    private static Optional<StatObjectResponse> stat(String key) {
        try {
            return Optional.of(SharedInfrastructure.s3().client().statObject(StatObjectArgs.builder().bucket(BUCKET)
                    .object(key).build()));
        } catch (ErrorResponseException e) {
            if (e.response() != null && e.response().code() == 404) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot stat " + key, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stat " + key, e);
        }
    }

    private static byte[] read(String key) throws Exception {
        try (InputStream in = SharedInfrastructure.s3().client().getObject(GetObjectArgs.builder().bucket(BUCKET)
                .object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static String uniqueTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    private static String uniqueSid() {
        return "RE" + UUID.randomUUID().toString().replace("-", "");
    }
}
