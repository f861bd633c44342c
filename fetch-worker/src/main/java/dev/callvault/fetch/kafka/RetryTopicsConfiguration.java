package dev.callvault.fetch.kafka;

import dev.callvault.events.Topics;
import dev.callvault.fetch.InfrastructureException;
import dev.callvault.fetch.fetching.DeliveryHeaders;
import dev.callvault.fetch.fetching.RetryLaterException;
import dev.callvault.fetch.fetching.RetrySchedule;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.DltStrategy;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * spring-kafka non-blocking retries ("Non-Blocking Retries" in the spring-kafka reference) for
 * {@code callvault.call-ended.v1} and {@code callvault.fetch-requested.v1}.
 *
 * <ul>
 *   <li>{@link RetryLaterException} moves a record to {@code <topic>-retry-<delay ms>}, delays from
 *       {@link RetrySchedule} (the retries at the longest delay share one topic), then to {@code <topic>-dlt}. The
 *       retry topic's partition is paused until the delay has passed, so no source partition waits. Records keep
 *       their key and partition, and are re-serialized as the same Avro events; the provider attempts so far travel
 *       in the {@link DeliveryHeaders#PROVIDER_ATTEMPTS} header. The topics are created with the sources'
 *       {@link Topics#PARTITIONS} partitions and the broker's default replication.</li>
 *   <li>Any other failure goes at once to {@code <topic>-dlt} on the same partition: a record that cannot be
 *       deserialized (its original bytes), an event type not handled there.</li>
 *   <li>A failure of our own infrastructure ({@link InfrastructureException}: object store, outcome not
 *       acknowledged) is retried in place with back-off (1 s doubling to 60 s, without end) and never committed.</li>
 *   <li>The dead-letter listener only logs; a failure there is logged, not re-published.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class RetryTopicsConfiguration extends RetryTopicConfigurationSupport {

    private static final short BROKER_DEFAULT_REPLICATION = -1;

    @Bean
    RetryTopicConfiguration fetchRetryTopics(KafkaTemplate<Object, Object> template, RetrySchedule schedule) {
        return RetryTopicConfigurationBuilder.newInstance()
                .includeTopics(List.of(Topics.CALL_ENDED, Topics.FETCH_REQUESTED))
                .customBackoff(schedule.backOff())
                .maxAttempts(schedule.maxDeliveries())
                .useSingleTopicForSameIntervals()
                .retryOn(RetryLaterException.class)
                .traversingCauses()
                .dltSuffix(Topics.DEAD_LETTER_SUFFIX)
                .autoCreateTopicsWith(Topics.PARTITIONS, BROKER_DEFAULT_REPLICATION)
                .dltProcessingFailureStrategy(DltStrategy.FAIL_ON_ERROR)
                .create(template);
    }

    /**
     * The scheduler that resumes a retry topic's paused partition once its record is due (the application has no
     * other {@code TaskScheduler}).
     */
    @Bean
    RetryTopicSchedulerWrapper retryTopicScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("retry-topic-");
        return new RetryTopicSchedulerWrapper(scheduler);
    }

    @Override
    protected void configureBlockingRetries(BlockingRetriesConfigurer blockingRetries) {
        ExponentialBackOff untilItAnswers = new ExponentialBackOff(1_000, 2.0);
        untilItAnswers.setMaxInterval(60_000);
        untilItAnswers.setMaxElapsedTime(Long.MAX_VALUE);
        untilItAnswers.setMaxAttempts(Long.MAX_VALUE);
        blockingRetries.retryOn(InfrastructureException.class).backOff(untilItAnswers);
    }

    @Override
    protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
        return factory -> {
            factory.setHeadersFunction((record, exception) -> {
                for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                    if (cause instanceof RetryLaterException retryLater) {
                        return DeliveryHeaders.providerAttempts(retryLater.attempts());
                    }
                }
                return new RecordHeaders();
            });
            factory.setDeadLetterPublishingRecovererCustomizer(recoverer ->
                    recoverer.setHeaderNamesSupplier(RetryTopicsConfiguration::deadLetterHeaderNames));
        };
    }

    /**
     * The {@code kafka_dlt-*} header names that the other services' dead letters carry too, rather than the
     * {@code kafka_original-*} ones spring-kafka's retry topics use by default, so that one replay tool reads every
     * dead-letter topic. Only the first hop's values are kept, so {@code kafka_dlt-original-topic} names the source
     * topic.
     */
    private static DeadLetterPublishingRecoverer.HeaderNames deadLetterHeaderNames() {
        return DeadLetterPublishingRecoverer.HeaderNames.Builder.original()
                .offsetHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
                .timestampHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP)
                .timestampTypeHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE)
                .topicHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC)
                .partitionHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION)
                .consumerGroupHeader(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)
                .exception()
                .keyExceptionFqcn(KafkaHeaders.DLT_KEY_EXCEPTION_FQCN)
                .exceptionFqcn(KafkaHeaders.DLT_EXCEPTION_FQCN)
                .exceptionCauseFqcn(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)
                .keyExceptionMessage(KafkaHeaders.DLT_KEY_EXCEPTION_MESSAGE)
                .exceptionMessage(KafkaHeaders.DLT_EXCEPTION_MESSAGE)
                .keyExceptionStacktrace(KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE)
                .exceptionStacktrace(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)
                .build();
    }
}
