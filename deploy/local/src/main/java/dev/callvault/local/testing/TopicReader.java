package dev.callvault.local.testing;

import dev.callvault.events.serde.AvroEventDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads contract topics from the beginning, outside any consumer group, to assert what was published. Values are
 * decoded with {@link AvroEventDeserializer}.
 */
public final class TopicReader {

    private final String bootstrapServers;

    /**
     * @param bootstrapServers the broker, {@code host:port}
     */
    public TopicReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Reads every record of a topic whose key is the given recording id, polling until {@code expected} were seen or
     * {@code timeout} passed. To assert that nothing (or no more) was published, ask for one more than expected.
     *
     * @param topic       topic name
     * @param recordingId the record key
     * @param expected    how many records to wait for
     * @param timeout     longest wait
     * @return the values found (may be fewer or more than expected)
     */
    public List<SpecificRecord> read(String topic, UUID recordingId, int expected, Duration timeout) {
        String key = recordingId.toString();
        return read(topic, record -> key.equals(record.key()), expected, timeout);
    }

    /**
     * Reads every record of a topic that matches, polling until {@code expected} were seen or {@code timeout} passed.
     *
     * @param topic    topic name
     * @param filter   which records count
     * @param expected how many records to wait for
     * @param timeout  longest wait
     * @return the values found
     */
    public List<SpecificRecord> read(String topic, Predicate<ConsumerRecord<String, SpecificRecord>> filter,
            int expected, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<SpecificRecord> found = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new AvroEventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(timeout);
            do {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        found.add(record.value());
                    }
                }
            } while (found.size() < expected && Instant.now().isBefore(deadline));
        }
        return found;
    }

    /**
     * Reads the raw records of a topic with the given key — values as bytes, headers intact — for dead-letter topics,
     * whose values may not decode. Polls until one is found or {@code timeout} passed, then once more, so that a
     * second copy would show up too.
     *
     * @param topic   topic name
     * @param key     record key
     * @param timeout longest wait for the first record
     * @return the records found, in the order read
     */
    public List<ConsumerRecord<String, byte[]>> readRaw(String topic, String key, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(timeout);
            while (found.isEmpty() && Instant.now().isBefore(deadline)) {
                collect(consumer.poll(Duration.ofMillis(200)), key, found);
            }
            collect(consumer.poll(Duration.ofMillis(500)), key, found);
        }
        return found;
    }

    private static void collect(Iterable<ConsumerRecord<String, byte[]>> records, String key,
            List<ConsumerRecord<String, byte[]>> found) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (key.equals(record.key())) {
                found.add(record);
            }
        }
    }
}
