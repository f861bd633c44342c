package dev.callvault.fetch.fetching;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** A record that is not Avro goes, raw, to the dead-letter topic on its partition; the consumer keeps going. */
class DeadLetterTests extends FetchWorkerTestSupport {

    @Test
    void shouldDeadLetterUndecodableRecordAndKeepConsuming() throws Exception {
        // given: garbage, then a valid call on the same key (same partition, after it)
        String sid = newRecordingSid();
        CallEnded call = twilioCall(sid).build();
        String key = call.getRecordingId().toString();
        byte[] garbage = ("{\"not\":\"avro\",\"recording\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        PROVIDER.stubFor(get(urlPathEqualTo(twilioMediaPath(sid, "mp3"))).willReturn(aResponse().withStatus(200)
                .withBody(audio)));

        // when
        publishRaw(Topics.CALL_ENDED, key, garbage);
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertThat(awaitStored(call.getRecordingId(), 1)).hasSize(1);
        assertThat(bucket().sha256(objectKey(call, "mp3"))).isEqualTo(AudioFixtures.sha256Hex(audio));
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.CALL_ENDED), key, OUTCOME_TIMEOUT);
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.getFirst().value()).isEqualTo(garbage);
        int sourcePartition = partitionOf(Topics.CALL_ENDED, key);
        assertThat(deadLetters.getFirst().partition()).isEqualTo(sourcePartition);
        assertThat(deadLetters.getFirst().headers().lastHeader("kafka_dlt-original-topic").value())
                .isEqualTo(Topics.CALL_ENDED.getBytes(StandardCharsets.UTF_8));
    }

    private static int partitionOf(String topic, String key) {
        try (KafkaConsumer<String, byte[]> consumer = rawConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(OUTCOME_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record.partition();
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic);
    }

    private static KafkaConsumer<String, byte[]> rawConsumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
