package dev.callvault.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The shared servers are real: Kafka round-trips an Avro event, PostgreSQL answers SQL, S3Proxy stores bytes. */
class SharedInfrastructureTests {

    @Test
    void shouldRoundTripAnEventThroughTheBroker() throws Exception {
        // given
        UUID recordingId = RecordingIds.of("infra", Provider.TWILIO, "RE1");
        CallEnded event = CallEnded.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setTenantId("infra")
                .setRecordingId(recordingId).setProvider(Provider.TWILIO).setProviderRecordingId("RE1").build();
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();

        // when
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new AvroEventSerializer())) {
            producer.send(new ProducerRecord<>(Topics.CALL_ENDED, recordingId.toString(), event)).get();
        }

        // then
        assertThat(new TopicReader(bootstrap).read(Topics.CALL_ENDED, recordingId, 1, Duration.ofSeconds(10)))
                .containsExactly(event);
    }

    @Test
    void shouldAnswerSqlOnAFreshDatabase() throws Exception {
        String url = SharedInfrastructure.postgres().createDatabase("infra_smoke");
        try (Connection connection = DriverManager.getConnection(url, "callvault", "callvault");
             ResultSet result = connection.createStatement().executeQuery("SHOW server_version")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).startsWith("17.");
        }
    }

    @Test
    void shouldStoreAndReturnTheSameBytesInS3Proxy() throws Exception {
        // given
        var s3 = SharedInfrastructure.s3();
        s3.createBucket("infra-smoke");
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

        // when
        s3.client().putObject(PutObjectArgs.builder().bucket("infra-smoke").object("t/a.mp3")
                .stream(new ByteArrayInputStream(audio), (long) audio.length, -1L).contentType("audio/mpeg").build());

        // then
        BucketContents contents = new BucketContents(s3.client(), "infra-smoke");
        assertThat(contents.keys("t/")).containsExactly("t/a.mp3");
        assertThat(contents.sha256("t/a.mp3")).isEqualTo(AudioFixtures.sha256Hex(audio));
    }
}
