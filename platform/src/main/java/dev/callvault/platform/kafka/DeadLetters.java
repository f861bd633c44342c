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
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How every CallVault consumer deals with records it cannot process (spring-kafka reference, "Handling Exceptions"
 * and "Publishing Dead-letter Records"): they go to {@code <topic>-dlt} ({@link Topics#deadLetter(String)}) on the
 * source partition, with spring-kafka's {@code kafka_dlt-*} exception headers and their original bytes.
 */
public final class DeadLetters {

    /** Partitions of a dead-letter topic: at least the source's (every contract topic has 3). */
    public static final int PARTITIONS = 3;

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
     * The listeners' error handler: records that cannot be deserialized (always) and the given exceptions go straight
     * to the dead-letter topic; anything else is retried in place with the back-off, then dead-lettered. Each dead
     * letter is logged with topic, partition, offset, key and root cause — never the value.
     *
     * @param template     a template whose producer writes events and raw bytes ({@link #eventAndRawBytesValues()})
     * @param backOff      back-off for failures that may pass (database or broker unavailable)
     * @param notRetryable exceptions that no retry can cure (invalid events)
     * @return the handler, to declare as a bean (Boot applies it to the auto-configured container factory)
     */
    @SafeVarargs
    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, ExponentialBackOff backOff,
            Class<? extends Exception>... notRetryable) {
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer(template), backOff);
        if (notRetryable.length > 0) {
            handler.addNotRetryableExceptions(notRetryable);
        }
        return handler;
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
     * An exponential back-off bounded in total time.
     *
     * @param initialInterval first pause
     * @param multiplier      growth of each pause, at least 1.0
     * @param maxInterval     longest single pause (keep it below the consumer's {@code max.poll.interval.ms})
     * @param maxElapsed      total time spent retrying one record before it is dead-lettered
     * @return the back-off
     */
    public static ExponentialBackOff backOff(Duration initialInterval, double multiplier, Duration maxInterval,
            Duration maxElapsed) {
        ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
        backOff.setMaxInterval(maxInterval.toMillis());
        backOff.setMaxElapsedTime(maxElapsed.toMillis());
        return backOff;
    }

    /**
     * The dead-letter topics of the given source topics (delete policy, {@link #PARTITIONS} partitions), created if
     * missing; every consumer of a source declares the same topic, which is harmless.
     *
     * @param sources consumed topics
     * @return the topics, to declare as a bean
     */
    public static KafkaAdmin.NewTopics topicsFor(Collection<String> sources) {
        return new KafkaAdmin.NewTopics(sources.stream()
                .map(topic -> TopicBuilder.name(Topics.deadLetter(topic)).partitions(PARTITIONS)
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE).build())
                .toArray(NewTopic[]::new));
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
