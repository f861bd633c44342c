package dev.callvault.storage.messaging;

import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
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
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka wiring of storage-service (spring-kafka reference, "Handling Exceptions" and "Publishing Dead-letter
 * Records"): one producer that writes events as Avro single-object encoding and dead letters as their original raw
 * bytes, the listeners' error handler, and the topics this service owns.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /** Partitions of the topics this service declares (ARCHITECTURE.md: every contract topic has 3). */
    static final int PARTITIONS = 3;

    /**
     * Lets Boot's one producer factory write both kinds of value: generated events through
     * {@link AvroEventSerializer}, and the raw {@code byte[]} that {@link DeadLetterPublishingRecoverer} takes from a
     * record that could not be deserialized.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValueSerializer() {
        return factory -> useValueSerializer(factory, valueSerializer());
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

    /**
     * The listeners' error handler (Boot applies it to the auto-configured container factory). Records that cannot
     * be deserialized and {@link NonRetryableEventException}s go straight to {@code <topic>-dlt}, on the source
     * partition, with spring-kafka's exception headers; anything else (database down, a concurrent insert of the
     * same row) is retried in place with exponential back-off, then dead-lettered. Each dead letter is logged (topic,
     * partition, offset, key and cause; never the value).
     */
    @Bean
    DefaultErrorHandler catalogErrorHandler(KafkaOperations<?, ?> kafkaTemplate, ConsumerProperties properties) {
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

    /** {@code callvault.fetch-requested.v1}: backfill and re-fetch commands this service publishes (delete policy). */
    @Bean
    NewTopic fetchRequestedTopic() {
        return TopicBuilder.name(Topics.FETCH_REQUESTED).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE).build();
    }

    /** Dead letters of {@code callvault.fetch-requested.v1}, as many partitions as the source. */
    @Bean
    NewTopic fetchRequestedDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.FETCH_REQUESTED)).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE).build();
    }

    /** {@code callvault.recording-deleted.v1}: deletions this service publishes (compacted). */
    @Bean
    NewTopic recordingDeletedTopic() {
        return TopicBuilder.name(Topics.RECORDING_DELETED).partitions(PARTITIONS).compact().build();
    }

    /** Dead letters of {@code callvault.recording-deleted.v1}, as many partitions as the source. */
    @Bean
    NewTopic recordingDeletedDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.RECORDING_DELETED)).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE).build();
    }
}
