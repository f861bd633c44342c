package dev.callvault.playback.messaging;

import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
import java.time.Duration;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka wiring of playback-service (spring-kafka reference, "Handling Exceptions" and "Publishing Dead-letter
 * Records"): one idempotent {@code acks=all} producer that writes events as Avro single-object encoding and dead
 * letters as their original raw bytes, the listeners' error handler, and the topics this service owns:
 * {@code callvault.recording-accessed.v1} (delete policy, {@value #ACCESS_RETENTION_DAYS} days of retention: the
 * audit feed) and its dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /** Partitions of the topics this service declares (ARCHITECTURE.md: every contract topic has 3). */
    static final int PARTITIONS = 3;

    /** Retention of the audit feed: more than a year, so audit-service can be rebuilt from the topic. */
    static final long ACCESS_RETENTION_DAYS = 400;

    /**
     * Lets Boot's one producer factory write both kinds of value: generated events through
     * {@link AvroEventSerializer}, and the raw {@code byte[]} that {@link DeadLetterPublishingRecoverer} takes from a
     * record that could not be deserialized.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValueSerializer() {
        return factory -> useValueSerializer(factory, valueSerializer());
    }

    /** Failed sends are logged without the record's contents (client addresses, subjects). */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        LoggingProducerListener<Object, Object> listener = new LoggingProducerListener<>();
        listener.setIncludeContents(false);
        return listener;
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

    /**
     * The listeners' error handler (Boot applies it to the auto-configured container factory). Records that cannot
     * be deserialized and {@link NonRetryableEventException}s go straight to {@code <topic>-dlt}, on the source
     * partition, with spring-kafka's exception headers; anything else is retried in place with exponential back-off,
     * then dead-lettered. Each dead letter is logged (topic, partition, offset, key and cause; never the value).
     */
    @Bean
    DefaultErrorHandler readModelErrorHandler(KafkaOperations<?, ?> kafkaTemplate, ConsumerProperties properties) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafkaTemplate,
                (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(),
                properties.retryMultiplier());
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            log.warn("dead-lettering {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(),
                    record.offset(), record.key(), Topics.deadLetter(record.topic()), rootMessage(exception));
            recoverer.accept(record, exception);
        }, backOff);
        handler.addNotRetryableExceptions(NonRetryableEventException.class);
        return handler;
    }

    private static String rootMessage(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** {@code callvault.recording-accessed.v1}: the audit feed (delete policy, long retention). */
    @Bean
    NewTopic recordingAccessedTopic() {
        return TopicBuilder.name(Topics.RECORDING_ACCESSED).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .config(TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(Duration.ofDays(ACCESS_RETENTION_DAYS).toMillis()))
                .build();
    }

    /** Dead letters of {@code callvault.recording-accessed.v1}, as many partitions as the source. */
    @Bean
    NewTopic recordingAccessedDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.RECORDING_ACCESSED)).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .config(TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(Duration.ofDays(ACCESS_RETENTION_DAYS).toMillis()))
                .build();
    }
}
