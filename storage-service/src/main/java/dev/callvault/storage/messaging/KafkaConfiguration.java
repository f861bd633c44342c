package dev.callvault.storage.messaging;

import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.DeadLetters;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
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

    /** The audit feeds this service publishes (delete policy, one-year retention). */
    static final List<String> AUDIT_FEEDS = List.of(Topics.RECORDING_LIFECYCLE, Topics.RETENTION_RUNS);

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
     * The audit feeds this service publishes, kept like the access feed (delete policy, one year):
     * {@code callvault.recording-lifecycle.v1} (legal holds placed and released) and {@code callvault.retention-runs.v1}
     * (each tenant's retention run, keyed by tenant id).
     */
    @Bean
    KafkaAdmin.NewTopics auditFeedTopics() {
        return new KafkaAdmin.NewTopics(AUDIT_FEEDS.stream()
                .map(topic -> TopicBuilder.name(topic).partitions(PARTITIONS)
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(365).toMillis()))
                        .build())
                .toArray(NewTopic[]::new));
    }

    /** Dead letters of the audit feeds, as many partitions as their sources ({@link DeadLetters#topicsFor}). */
    @Bean
    KafkaAdmin.NewTopics auditFeedDeadLetterTopics() {
        return DeadLetters.topicsFor(AUDIT_FEEDS);
    }
}
