package dev.callvault.local.testing;

import dev.callvault.events.serde.AvroEventSerializer;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events into a broker the way CallVault's services do — key = recording id, value in the Avro
 * single-object encoding ({@link AvroEventSerializer}), {@code acks=all} — and raw bytes for dead-letter tests. Every
 * call returns once the broker acknowledged. Thread-safe; {@link SharedInfrastructure#events()} keeps one per JVM.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, SpecificRecord> events;
    private final KafkaProducer<String, byte[]> raw;

    /**
     * @param bootstrapServers the broker, {@code host:port}
     */
    public EventPublisher(String bootstrapServers) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        this.events = new KafkaProducer<>(config, new StringSerializer(), new AvroEventSerializer());
        this.raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Publishes an event keyed by its {@code recordingId}.
     *
     * @param topic a contract topic
     * @param event a generated event (every one has {@code recordingId})
     * @return where the broker stored it
     * @throws IllegalStateException if the broker did not acknowledge
     */
    public RecordMetadata publish(String topic, SpecificRecord event) {
        return publish(topic, String.valueOf(event.get(event.getSchema().getField("recordingId").pos())), event);
    }

    /**
     * Publishes an event under a chosen key (e.g. another recording's id, to land on its partition).
     *
     * @param topic a contract topic
     * @param key   the record key
     * @param event a generated event
     * @return where the broker stored it
     * @throws IllegalStateException if the broker did not acknowledge
     */
    public RecordMetadata publish(String topic, String key, SpecificRecord event) {
        return send(events, new ProducerRecord<>(topic, key, event));
    }

    /**
     * Publishes raw bytes (e.g. a record no deserializer accepts).
     *
     * @param topic a topic
     * @param key   the record key
     * @param value the bytes
     * @return where the broker stored it
     * @throws IllegalStateException if the broker did not acknowledge
     */
    public RecordMetadata publishRaw(String topic, String key, byte[] value) {
        return send(raw, new ProducerRecord<>(topic, key, value));
    }

    private static <V> RecordMetadata send(KafkaProducer<String, V> producer, ProducerRecord<String, V> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to " + record.topic() + " failed", e.getCause());
        }
    }

    @Override
    public void close() {
        events.close();
        raw.close();
    }
}
