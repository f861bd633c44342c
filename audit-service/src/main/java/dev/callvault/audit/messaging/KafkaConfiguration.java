package dev.callvault.audit.messaging;

import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.DeadLetters;
import java.util.List;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Kafka wiring of audit-service, from the platform's {@link DeadLetters}: the one producer, which only ever writes
 * dead letters (Avro events as published, undecodable records as their original raw bytes), the listeners' error
 * handler, and the dead-letter topics of the topics consumed here.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** The topics audit-service consumes, in consumer group {@code audit-service}. */
    static final List<String> CONSUMED = List.of(Topics.RECORDING_ACCESSED, Topics.CALL_ENDED,
            Topics.RECORDING_STORED, Topics.RECORDING_FETCH_FAILED, Topics.RECORDING_DELETED,
            Topics.RECORDING_LIFECYCLE, Topics.RETENTION_RUNS);

    /** Events through Avro, dead letters as their original raw bytes: {@link DeadLetters#eventAndRawBytesValues()}. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValueSerializer() {
        return DeadLetters.eventAndRawBytesValues();
    }

    /**
     * The listeners' error handler (Boot applies it to the auto-configured container factory). Records that cannot
     * be deserialized, {@link NonRetryableEventException}s and constraint violations go straight to
     * {@code <topic>-dlt}; anything else (database down) is retried in place with exponential back-off, then
     * dead-lettered ({@link DeadLetters#errorHandler}).
     */
    @Bean
    DefaultErrorHandler auditErrorHandler(KafkaOperations<?, ?> kafkaTemplate, ConsumerProperties properties) {
        return DeadLetters.errorHandler(kafkaTemplate, DeadLetters.backOff(properties.retryInitialInterval(),
                properties.retryMultiplier(), properties.retryMaxInterval(), properties.retryMaxElapsed()),
                NonRetryableEventException.class, DataIntegrityViolationException.class);
    }

    /** The dead-letter topics of every consumed topic ({@link DeadLetters#topicsFor}). */
    @Bean
    KafkaAdmin.NewTopics auditDeadLetterTopics() {
        return DeadLetters.topicsFor(CONSUMED);
    }
}
