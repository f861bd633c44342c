package dev.callvault.audit.messaging;

import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.DeadLetters;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Kafka wiring of audit-service, from the platform's {@link DeadLetters}: the one producer, which only ever writes
 * dead letters (Avro events as published, undecodable records as their original raw bytes), the listeners' error
 * handler, the batch container factory of the access-event listener, and the dead-letter topics of the topics
 * consumed here.
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
     * The listeners' error handler (Boot applies it to the auto-configured container factory, and
     * {@link #auditBatchListenerContainerFactory} to the batch one). Records that cannot be deserialized,
     * {@link NonRetryableEventException}s and constraint violations go straight to {@code <topic>-dlt}; anything else
     * (database down) is retried in place with exponential back-off, then dead-lettered
     * ({@link DeadLetters#errorHandler}). For the access-event batch listener, which dead-letters its invalid records
     * itself ({@link DeadLetterPublisher}), any exception it throws (database or broker down) retries the whole batch
     * with this back-off, then dead-letters every record of it.
     */
    @Bean
    DefaultErrorHandler auditErrorHandler(KafkaOperations<?, ?> kafkaTemplate, ConsumerProperties properties) {
        return DeadLetters.errorHandler(kafkaTemplate, DeadLetters.backOff(properties.retryInitialInterval(),
                properties.retryMultiplier(), properties.retryMaxInterval(), properties.retryMaxElapsed()),
                NonRetryableEventException.class, DataIntegrityViolationException.class);
    }

    /**
     * The container factory of the access-event listener ({@value ConsumerProperties#BATCH_CONTAINER_FACTORY}):
     * Boot's configuration of {@code spring.kafka.*} and the error handler above, but a batch listener (spring-kafka
     * reference, "Batch Listeners"), so that one poll of up to {@link ConsumerProperties#accessBatchSize()} records is
     * one database transaction. Ack mode {@code BATCH}: the container commits the poll's offsets after the listener
     * returned, that is after the database commit. Observation is off: for a batch listener spring-kafka would start
     * one (empty) observation per record. The consumer overrides ({@code max.poll.records}, {@code fetch.min.bytes},
     * {@code fetch.max.wait.ms}) apply to this factory's consumers only; the lifecycle and retention listeners keep
     * Boot's record-at-a-time factory with ack mode {@code record}.
     */
    @Bean(ConsumerProperties.BATCH_CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> auditBatchListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ObjectProvider<ConsumerFactory<Object, Object>> consumerFactory, ConsumerProperties properties) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumerFactory.getObject());
        factory.setBatchListener(true);
        ContainerProperties container = factory.getContainerProperties();
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        container.setObservationEnabled(false);
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(properties.accessBatchSize()));
        overrides.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                String.valueOf(properties.accessFetchMinSize().toBytes()));
        overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                String.valueOf(properties.accessFetchMaxWait().toMillis()));
        // Consumer overrides of a factory's own ContainerProperties are not copied to its containers (only those of
        // @KafkaListener(properties)), so they are set on each container; a listener's own properties still win.
        factory.setContainerCustomizer(listenerContainer -> {
            ContainerProperties listener = listenerContainer.getContainerProperties();
            Properties merged = new Properties();
            merged.putAll(overrides);
            merged.putAll(listener.getKafkaConsumerProperties());
            listener.setKafkaConsumerProperties(merged);
        });
        return factory;
    }

    /** The dead-letter topics of every consumed topic ({@link DeadLetters#topicsFor}). */
    @Bean
    KafkaAdmin.NewTopics auditDeadLetterTopics() {
        return DeadLetters.topicsFor(CONSUMED);
    }
}
