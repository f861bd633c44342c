package dev.callvault.storage.messaging;

import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.DeadLetters;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Kafka wiring of storage-service: one producer that writes events as Avro single-object encoding and dead letters as
 * their original raw bytes, the listeners' error handler (both from the platform's {@link DeadLetters}), and the
 * topics this service owns.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Partitions of the topics this service declares (ARCHITECTURE.md: every contract topic has 3). */
    static final int PARTITIONS = 3;

    /** Events through Avro, dead letters as their original raw bytes: {@link DeadLetters#eventAndRawBytesValues()}. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValueSerializer() {
        return DeadLetters.eventAndRawBytesValues();
    }

    /**
     * The listeners' error handler (Boot applies it to the auto-configured container factory). Records that cannot
     * be deserialized and {@link NonRetryableEventException}s go straight to {@code <topic>-dlt}; anything else
     * (database down, a concurrent insert of the same row) is retried in place with exponential back-off, then
     * dead-lettered ({@link DeadLetters#errorHandler}).
     */
    @Bean
    DefaultErrorHandler catalogErrorHandler(KafkaOperations<?, ?> kafkaTemplate, ConsumerProperties properties) {
        return DeadLetters.errorHandler(kafkaTemplate, DeadLetters.backOff(properties.retryInitialInterval(),
                properties.retryMultiplier(), properties.retryMaxInterval(), properties.retryMaxElapsed()),
                NonRetryableEventException.class);
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

    /**
     * {@code callvault.recording-lifecycle.v1}: legal holds placed and released, published here and kept like the
     * access feed (delete policy, one year).
     */
    @Bean
    NewTopic recordingLifecycleTopic() {
        return TopicBuilder.name(Topics.RECORDING_LIFECYCLE).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(365).toMillis()))
                .build();
    }

    /** Dead letters of {@code callvault.recording-lifecycle.v1}, as many partitions as the source. */
    @Bean
    NewTopic recordingLifecycleDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.RECORDING_LIFECYCLE)).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE).build();
    }

    /** {@code callvault.retention-runs.v1}: each tenant's retention run, keyed by tenant id (delete, one year). */
    @Bean
    NewTopic retentionRunsTopic() {
        return TopicBuilder.name(Topics.RETENTION_RUNS).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(365).toMillis()))
                .build();
    }

    /** Dead letters of {@code callvault.retention-runs.v1}, as many partitions as the source. */
    @Bean
    NewTopic retentionRunsDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.RETENTION_RUNS)).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE).build();
    }
}
