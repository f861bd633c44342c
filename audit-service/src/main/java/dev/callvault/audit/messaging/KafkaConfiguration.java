package dev.callvault.audit.messaging;

import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka wiring of audit-service (spring-kafka reference, "Handling Exceptions" and "Publishing Dead-letter Records"):
 * the one producer, which only ever writes dead letters (Avro events as published, undecodable records as their
 * original raw bytes), the listeners' error handler, and the dead-letter topics of the topics consumed here.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** The topics audit-service consumes, in consumer group {@code audit-service}. */
    static final List<String> CONSUMED = List.of(Topics.RECORDING_ACCESSED, Topics.CALL_ENDED,
            Topics.RECORDING_STORED, Topics.RECORDING_FETCH_FAILED, Topics.RECORDING_DELETED);

    /** Partitions of a dead-letter topic: at least the source's (ARCHITECTURE.md: every contract topic has 3). */
    static final int PARTITIONS = 3;

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /**
     * Lets Boot's one producer factory write both kinds of dead-letter value: a refused event through
     * {@link AvroEventSerializer}, and the raw {@code byte[]} of a record that could not be deserialized.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValueSerializer() {
        return factory -> useValueSerializer(factory, valueSerializer());
    }

    /**
     * The listeners' error handler (Boot applies it to the auto-configured container factory). Records that cannot
     * be deserialized, {@link NonRetryableEventException}s and constraint violations go straight to
     * {@code <topic>-dlt}, on the source partition, with spring-kafka's {@code kafka_dlt-*} headers; anything else
     * (database down) is retried in place with exponential back-off, then dead-lettered. Each dead letter is logged
     * (topic, partition, offset, key and cause; never the value).
     */
    @Bean
    DefaultErrorHandler auditErrorHandler(KafkaOperations<?, ?> kafkaTemplate, ConsumerProperties properties) {
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
        handler.addNotRetryableExceptions(NonRetryableEventException.class, DataIntegrityViolationException.class);
        return handler;
    }

    /**
     * The dead-letter topics of every consumed topic (delete policy, as many partitions as the source), created if
     * missing; other consumers of the same sources declare the same topics.
     */
    @Bean
    KafkaAdmin.NewTopics auditDeadLetterTopics() {
        return new KafkaAdmin.NewTopics(CONSUMED.stream()
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
