package dev.callvault.platform.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The container factory of the listeners that apply events through {@link EventBatchProcessor}: Boot's
 * configuration of {@code spring.kafka.*}, then a batch listener (spring-kafka reference, "Batch Listeners") with ack
 * mode {@code BATCH} (the poll's offsets are committed after the listener returned, so after the database commit),
 * observation off (for a batch listener spring-kafka would start one empty observation per record), the
 * {@link ConsumerProperties}' concurrency and consumer overrides, and {@link #errorHandler}.
 */
public final class BatchListeners {

    /** The bean name services give {@link #containerFactory}; their listeners name it in {@code containerFactory}. */
    public static final String CONTAINER_FACTORY = "eventBatchContainerFactory";

    private BatchListeners() {
    }

    /**
     * @param configurer      Boot's configurer of {@code spring.kafka.listener.*}
     * @param consumerFactory Boot's consumer factory ({@code spring.kafka.consumer.*})
     * @param properties      the service's consumer properties
     * @param template        a template whose producer writes events and raw bytes
     *                        ({@link DeadLetters#eventAndRawBytesValues()}), for the error handler's recoverer
     * @return the factory, to declare as a bean named {@value #CONTAINER_FACTORY}
     */
    public static ConcurrentKafkaListenerContainerFactory<Object, Object> containerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<Object, Object> consumerFactory, ConsumerProperties properties,
            KafkaOperations<?, ?> template) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(properties.concurrency());
        factory.setCommonErrorHandler(errorHandler(template, properties));
        ContainerProperties container = factory.getContainerProperties();
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        container.setObservationEnabled(false);
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(properties.batchSize()));
        overrides.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(properties.fetchMinSize().toBytes()));
        overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(properties.fetchMaxWait().toMillis()));
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

    /**
     * The error handler of batch listeners: a failure thrown by the listener (which dead-letters invalid records
     * itself) may pass, so the whole poll is handed to the listener again after an exponential back-off
     * ({@code retry-initial-interval} growing by {@code retry-multiplier} up to {@code retry-max-interval}), without
     * a limit on attempts or time; the consumer stays in its group meanwhile (spring-kafka's
     * {@code FallbackBatchErrorHandler} pauses it and keeps polling).
     *
     * @param template   for the recoverer, which an unlimited back-off never reaches
     * @param properties the back-off
     * @return the handler
     */
    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, ConsumerProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(),
                properties.retryMultiplier());
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        return new DefaultErrorHandler(DeadLetters.recoverer(template), backOff);
    }
}
