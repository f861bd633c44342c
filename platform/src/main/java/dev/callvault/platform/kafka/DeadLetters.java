package dev.callvault.platform.kafka;

import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * How every CallVault consumer deals with records it cannot process (spring-kafka reference, "Handling Exceptions"
 * and "Publishing Dead-letter Records"): they go to {@code <topic>-dlt} ({@link Topics#deadLetter(String)}) on the
 * source partition, with spring-kafka's {@code kafka_dlt-*} exception headers and their original bytes.
 */
public final class DeadLetters {

    /**
     * How long a dead-letter topic keeps its records by default ({@link Topics#DEAD_LETTER_RETENTION}, 30 days;
     * {@code callvault.kafka.dead-letter-retention} in every service): long enough for an operator to find, fix and
     * replay them after a holiday.
     */
    public static final Duration DEFAULT_RETENTION = Topics.DEAD_LETTER_RETENTION;

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    /**
     * Lets Boot's one producer factory write both kinds of value: generated events through
     * {@link AvroEventSerializer}, and the raw {@code byte[]} that {@link DeadLetterPublishingRecoverer} takes from a
     * record that could not be deserialized.
     *
     * @return a customizer to declare as a bean
     */
    public static DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValues() {
        return factory -> useValueSerializer(factory, valueSerializer());
    }

    /**
     * Sends a record to {@code <topic>-dlt} on its source partition with spring-kafka's
     * {@link DeadLetterPublishingRecoverer} (its original bytes and {@code kafka_dlt-*} headers; the consumer group
     * header when the exception is a {@code ListenerExecutionFailedException} naming it) and waits for the broker's
     * acknowledgement; each dead letter is logged with topic, partition, offset, key and root cause, never the value.
     * The error handler's recoverer, and the one a batch listener calls for a single record of its batch.
     *
     * @param template a template whose producer writes events and raw bytes ({@link #eventAndRawBytesValues()})
     * @return the recoverer; it throws a {@code KafkaException} if the broker does not acknowledge the dead letter
     */
    public static ConsumerRecordRecoverer recoverer(KafkaOperations<?, ?> template) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
        return (record, exception) -> {
            log.warn("dead-lettering {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(),
                    record.offset(), record.key(), Topics.deadLetter(record.topic()), rootMessage(exception));
            publisher.accept(record, exception);
        };
    }

    /**
     * The dead-letter topics of the given source topics ({@link dev.callvault.events.TopicSpec#newDeadLetterTopic}:
     * delete policy, the source's partitions, the source spec's dead-letter retention or else the given one), created
     * if missing; every consumer of a source declares the same topic, which is harmless. The
     * retention applies when the topic is created; change an existing topic's {@code retention.ms} with
     * {@code kafka-configs}.
     *
     * @param sources   consumed topics
     * @param retention how long a dead letter is kept, e.g. {@link #DEFAULT_RETENTION}
     * @return the topics, to declare as a bean
     */
    public static KafkaAdmin.NewTopics topicsFor(Collection<String> sources, Duration retention) {
        return new KafkaAdmin.NewTopics(sources.stream()
                .map(topic -> topic(topic, retention))
                .toArray(NewTopic[]::new));
    }

    /**
     * The dead-letter topic of one source topic: {@code <source>-dlt}, delete policy, the source's partitions, the
     * source spec's dead-letter retention ({@link Topics#SPECS}) or else the given one.
     *
     * @param source    a contract topic
     * @param retention how long a dead letter is kept unless the source's spec says otherwise
     * @return the topic, to declare as a bean
     * @throws IllegalArgumentException if {@code source} is no contract topic
     */
    public static NewTopic topic(String source, Duration retention) {
        return Topics.spec(source).newDeadLetterTopic(retention);
    }

    private static String rootMessage(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Serializer<Object> valueSerializer() {
        Map<Class<?>, Serializer<?>> delegates = new LinkedHashMap<>();
        delegates.put(byte[].class, new ByteArraySerializer());
        delegates.put(SpecificRecord.class, new AvroEventSerializer());
        return new DelegatingByTypeSerializer(delegates, true);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void useValueSerializer(DefaultKafkaProducerFactory<K, V> factory,
            Serializer<Object> serializer) {
        factory.setValueSerializer((Serializer<V>) serializer);
    }
}
