package dev.callvault.fetch.kafka;

import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
import dev.callvault.fetch.FetchProperties;
import dev.callvault.fetch.InfrastructureException;
import dev.callvault.fetch.fetching.UnexpectedEventException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring of the worker.
 *
 * <ul>
 *   <li>Topics it owns or writes, declared with 3 partitions: {@code recording-stored} (compacted),
 *       {@code recording-fetch-failed}, and the dead-letter topics of the two it consumes.</li>
 *   <li>One producer whose value serializer writes events in Avro single-object encoding and passes {@code byte[]}
 *       through, so dead letters carry the original raw bytes.</li>
 *   <li>Error handling: a record that cannot be deserialized (or is an event type not handled there) goes at once to
 *       {@code <topic>-dlt}, same partition; a failure of our infrastructure ({@link InfrastructureException}:
 *       object store, outcome not acknowledged) is retried with back-off forever and never committed; any other
 *       failure is retried twice, then dead-lettered.</li>
 *   <li>{@code max.poll.interval.ms} covers a whole fetch with its retries ({@code retry-window} plus one attempt's
 *       timeout), with one record per poll, since fetches run on the listener thread.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final int PARTITIONS = 3;
    private static final Duration POLL_MARGIN = Duration.ofMinutes(5);

    @Bean
    KafkaAdmin.NewTopics fetchWorkerTopics() {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(Topics.RECORDING_STORED).partitions(PARTITIONS).compact().build(),
                TopicBuilder.name(Topics.RECORDING_FETCH_FAILED).partitions(PARTITIONS)
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE).build(),
                deadLetterTopic(Topics.CALL_ENDED),
                deadLetterTopic(Topics.FETCH_REQUESTED));
    }

    private static NewTopic deadLetterTopic(String source) {
        return TopicBuilder.name(Topics.deadLetter(source)).partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE).build();
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesSerializer() {
        return factory -> {
            Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
            byType.put(byte[].class, new ByteArraySerializer());
            byType.put(SpecificRecord.class, new AvroEventSerializer());
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<Object, Object> producers = (DefaultKafkaProducerFactory<Object, Object>) factory;
            producers.setValueSerializer(new DelegatingByTypeSerializer(byType, true));
        };
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer longFetchesPerPoll(FetchProperties properties) {
        long maxPollInterval = properties.retryWindow().plus(properties.http().attemptTimeout()).plus(POLL_MARGIN)
                .toMillis();
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxPollInterval)));
    }

    @Bean
    CommonErrorHandler fetchErrorHandler(KafkaOperations<Object, Object> template) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (ConsumerRecord<?, ?> record, Exception e) ->
                        new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(1_000, 2));
        handler.addNotRetryableExceptions(UnexpectedEventException.class);
        handler.setBackOffFunction((record, e) -> isInfrastructure(e) ? untilItAnswers() : null);
        return handler;
    }

    private static BackOff untilItAnswers() {
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(60_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return backOff;
    }

    private static boolean isInfrastructure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InfrastructureException) {
                return true;
            }
        }
        return false;
    }
}
