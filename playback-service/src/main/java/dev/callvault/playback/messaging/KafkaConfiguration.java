package dev.callvault.playback.messaging;

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
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;

/**
 * Kafka wiring of playback-service: one idempotent {@code acks=all} producer that writes events as Avro single-object
 * encoding and dead letters as their original raw bytes ({@link DeadLetters}), the read-model consumer's batch
 * container factory (the platform's {@link BatchListeners}), and the topics this service owns: {@code callvault.recording-accessed.v1} (delete policy, 400 days of retention
 * as its spec says, {@link Topics#SPECS}: the audit feed) and its dead-letter topic (kept as long).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Events through Avro, dead letters as their original raw bytes: {@link DeadLetters#eventAndRawBytesValues()}. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValueSerializer() {
        return DeadLetters.eventAndRawBytesValues();
    }

    /** Failed sends are logged without the record's contents (client addresses, subjects). */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        LoggingProducerListener<Object, Object> listener = new LoggingProducerListener<>();
        listener.setIncludeContents(false);
        return listener;
    }

    /**
     * The read-model consumer's settings, {@code callvault.playback.consumer.*} ({@link ConsumerProperties}): threads,
     * poll size, back-off of failures that may pass (retried without limit).
     */
    @Bean
    ConsumerProperties consumerProperties(Environment environment) {
        return ConsumerProperties.bind(environment, "callvault.playback.consumer");
    }

    /** The read-model listener's batch container factory ({@link BatchListeners#containerFactory}). */
    @Bean(BatchListeners.CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> eventBatchContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ObjectProvider<ConsumerFactory<Object, Object>> consumerFactory, ConsumerProperties properties,
            KafkaOperations<?, ?> kafkaTemplate) {
        return BatchListeners.containerFactory(configurer, consumerFactory.getObject(), properties, kafkaTemplate);
    }

    /**
     * Dead letters of the topics the read model consumes; they are declared by their producers' services too (the
     * same definition, harmless). {@code callvault.kafka.dead-letter-retention}, default 30 days.
     */
    @Bean
    KafkaAdmin.NewTopics consumedDeadLetterTopics(
            @Value("${callvault.kafka.dead-letter-retention:30d}") Duration retention) {
        return DeadLetters.topicsFor(List.of(Topics.CALL_ENDED, Topics.RECORDING_STORED,
                Topics.RECORDING_FETCH_FAILED, Topics.RECORDING_DELETED, Topics.RECORDING_DERIVED), retention);
    }

    /**
     * Containers of listeners that only keep this instance's caches current ({@code RecordingCacheInvalidation}):
     * offsets are never committed (manual acknowledgement, never given), so their per-instance consumer groups
     * leave nothing behind, and a record that fails is logged and skipped.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> cacheInvalidationContainerFactory(
            ConsumerFactory<Object, Object> consumerFactory) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        factory.getContainerProperties().setObservationEnabled(false);
        factory.setCommonErrorHandler(new CommonLoggingErrorHandler());
        return factory;
    }

    /** {@code callvault.recording-accessed.v1}: the audit feed (delete policy, long retention). */
    @Bean
    NewTopic recordingAccessedTopic() {
        return Topics.spec(Topics.RECORDING_ACCESSED).newTopic();
    }

    /**
     * Dead letters of {@code callvault.recording-accessed.v1}, as many partitions as the source and kept as long as
     * the feed (its spec's dead-letter retention; the configured default does not shorten it).
     */
    @Bean
    NewTopic recordingAccessedDeadLetterTopic(
            @Value("${callvault.kafka.dead-letter-retention:30d}") Duration retention) {
        return DeadLetters.topic(Topics.RECORDING_ACCESSED, retention);
    }
}
