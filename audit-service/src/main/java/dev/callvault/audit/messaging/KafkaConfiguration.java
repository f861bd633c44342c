package dev.callvault.audit.messaging;

import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.BatchListeners;
import dev.callvault.platform.kafka.ConsumerProperties;
import dev.callvault.platform.kafka.DeadLetters;
import java.time.Duration;
import java.util.List;
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
 * Kafka wiring of audit-service, from the platform's {@link DeadLetters} and {@link BatchListeners}: the one producer,
 * which only ever writes dead letters (Avro events as published, undecodable records as their original raw bytes),
 * the listeners' batch container factory, and the dead-letter topics of the topics consumed here.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** The topics audit-service consumes, in consumer group {@code audit-service}. */
    static final List<String> CONSUMED = List.of(Topics.RECORDING_ACCESSED, Topics.CALL_ENDED,
            Topics.RECORDING_STORED, Topics.RECORDING_FETCH_FAILED, Topics.RECORDING_DELETED,
            Topics.RECORDING_LIFECYCLE, Topics.RETENTION_RUNS, Topics.RECORDING_DERIVED);

    /** Events through Avro, dead letters as their original raw bytes: {@link DeadLetters#eventAndRawBytesValues()}. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValueSerializer() {
        return DeadLetters.eventAndRawBytesValues();
    }

    /**
     * The listeners' settings, {@code callvault.audit.consumer.*} ({@link ConsumerProperties}): threads, poll size
     * (one database transaction per poll), fetch sizes, back-off of failures that may pass (retried without limit).
     */
    @Bean
    ConsumerProperties consumerProperties(Environment environment) {
        return ConsumerProperties.bind(environment, "callvault.audit.consumer");
    }

    /**
     * The container factory of every listener of audit-service ({@link BatchListeners#containerFactory}): whole polls,
     * offsets committed after the listener returned, that is after the database commit.
     */
    @Bean(BatchListeners.CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> eventBatchContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ObjectProvider<ConsumerFactory<Object, Object>> consumerFactory, ConsumerProperties properties,
            KafkaOperations<?, ?> kafkaTemplate) {
        return BatchListeners.containerFactory(configurer, consumerFactory.getObject(), properties, kafkaTemplate);
    }

    /**
     * The dead-letter topics of every consumed topic ({@link DeadLetters#topicsFor}),
     * {@code callvault.kafka.dead-letter-retention}, default 30 days.
     */
    @Bean
    KafkaAdmin.NewTopics auditDeadLetterTopics(
            @Value("${callvault.kafka.dead-letter-retention:30d}") Duration retention) {
        return DeadLetters.topicsFor(CONSUMED, retention);
    }
}
