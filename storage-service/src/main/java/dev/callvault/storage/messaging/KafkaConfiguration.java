package dev.callvault.storage.messaging;

import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.BatchListeners;
import dev.callvault.platform.kafka.ConsumerProperties;
import dev.callvault.platform.kafka.DeadLetters;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Kafka wiring of storage-service: one producer that writes events as Avro single-object encoding and dead letters as
 * their original raw bytes ({@link DeadLetters}), the catalog consumer's batch container factory (the platform's
 * {@link BatchListeners}), and the topics this service owns with their dead-letter topics.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** How long a dead letter is kept: {@code callvault.kafka.dead-letter-retention}, default 30 days. */
    static final String DEAD_LETTER_RETENTION = "${callvault.kafka.dead-letter-retention:30d}";

    /** The audit feeds this service publishes (delete policy, one-year retention, {@link Topics#SPECS}). */
    static final List<String> AUDIT_FEEDS = List.of(Topics.RECORDING_LIFECYCLE, Topics.RETENTION_RUNS);

    /** Events through Avro, dead letters as their original raw bytes: {@link DeadLetters#eventAndRawBytesValues()}. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValueSerializer() {
        return DeadLetters.eventAndRawBytesValues();
    }

    /**
     * The catalog consumer's settings, {@code callvault.storage.consumer.*} ({@link ConsumerProperties}): threads,
     * poll size, back-off of failures that may pass (retried without limit).
     */
    @Bean
    ConsumerProperties consumerProperties(Environment environment) {
        return ConsumerProperties.bind(environment, "callvault.storage.consumer");
    }

    /** The catalog listener's batch container factory ({@link BatchListeners#containerFactory}). */
    @Bean(BatchListeners.CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> eventBatchContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ObjectProvider<ConsumerFactory<Object, Object>> consumerFactory, ConsumerProperties properties,
            KafkaOperations<?, ?> kafkaTemplate) {
        return BatchListeners.containerFactory(configurer, consumerFactory.getObject(), properties, kafkaTemplate);
    }

    /**
     * {@code callvault.fetch-requested.v1}: backfill and re-fetch commands this service publishes (delete policy, as
     * its spec says).
     */
    @Bean
    NewTopic fetchRequestedTopic() {
        return Topics.spec(Topics.FETCH_REQUESTED).newTopic();
    }

    /** Dead letters of {@code callvault.fetch-requested.v1}, as many partitions as the source. */
    @Bean
    NewTopic fetchRequestedDeadLetterTopic(@Value(DEAD_LETTER_RETENTION) Duration retention) {
        return DeadLetters.topic(Topics.FETCH_REQUESTED, retention);
    }

    /** {@code callvault.recording-deleted.v1}: deletions this service publishes (compacted). */
    @Bean
    NewTopic recordingDeletedTopic() {
        return Topics.spec(Topics.RECORDING_DELETED).newTopic();
    }

    /** Dead letters of {@code callvault.recording-deleted.v1}, as many partitions as the source. */
    @Bean
    NewTopic recordingDeletedDeadLetterTopic(@Value(DEAD_LETTER_RETENTION) Duration retention) {
        return DeadLetters.topic(Topics.RECORDING_DELETED, retention);
    }

    /**
     * The audit feeds this service publishes, kept like the access feed (delete policy, one year):
     * {@code callvault.recording-lifecycle.v1} (legal holds placed and released) and {@code callvault.retention-runs.v1}
     * (each tenant's retention run, keyed by tenant id).
     */
    @Bean
    KafkaAdmin.NewTopics auditFeedTopics() {
        return new KafkaAdmin.NewTopics(AUDIT_FEEDS.stream()
                .map(topic -> Topics.spec(topic).newTopic())
                .toArray(NewTopic[]::new));
    }

    /** Dead letters of the audit feeds, as many partitions as their sources ({@link DeadLetters#topicsFor}). */
    @Bean
    KafkaAdmin.NewTopics auditFeedDeadLetterTopics(@Value(DEAD_LETTER_RETENTION) Duration retention) {
        return DeadLetters.topicsFor(AUDIT_FEEDS, retention);
    }

    /**
     * Dead letters of the topics the catalog consumes; they are declared by their producers' services too (the same
     * definition, harmless).
     */
    @Bean
    KafkaAdmin.NewTopics consumedDeadLetterTopics(@Value(DEAD_LETTER_RETENTION) Duration retention) {
        return DeadLetters.topicsFor(List.of(Topics.CALL_ENDED, Topics.RECORDING_STORED,
                Topics.RECORDING_FETCH_FAILED, Topics.RECORDING_ANALYZED, Topics.RECORDING_DERIVED), retention);
    }
}
