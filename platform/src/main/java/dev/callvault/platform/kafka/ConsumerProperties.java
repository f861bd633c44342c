package dev.callvault.platform.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * How a service consumes its topics through {@link EventBatchProcessor}, bound from the service's own prefix
 * ({@code callvault.storage.consumer}, {@code callvault.playback.consumer}, {@code callvault.audit.consumer}) with
 * {@link #bind}.
 *
 * <p>Failures that may pass (database or broker unavailable) are retried with exponential back-off for as long as
 * they last: there is no time after which a valid record is given up. Only records that can never apply go to their
 * dead-letter topic.
 *
 * @param concurrency          consumer threads of each listener, default 3 (the contract topics' partitions)
 * @param batchSize            most records per poll, and so per database transaction (Kafka consumer
 *                             {@code max.poll.records}), default 500, at most 10,000
 * @param fetchMinSize         the broker answers a fetch once it has this much data (Kafka consumer
 *                             {@code fetch.min.bytes}), default 1 byte: at once
 * @param fetchMaxWait         ...or once this time has passed (Kafka consumer {@code fetch.max.wait.ms}), default 500 ms
 * @param retryInitialInterval first pause after a failure that may pass, default 500 ms
 * @param retryMultiplier      growth of each pause, at least 1.0, default 2.0
 * @param retryMaxInterval     longest single pause, default 30 s (keep it below {@code max.poll.interval.ms}, 5 min)
 */
public record ConsumerProperties(
        @DefaultValue("3") int concurrency,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1B") DataSize fetchMinSize,
        @DefaultValue("500ms") Duration fetchMaxWait,
        @DefaultValue("500ms") Duration retryInitialInterval,
        @DefaultValue("2.0") double retryMultiplier,
        @DefaultValue("30s") Duration retryMaxInterval) {

    /**
     * @throws IllegalArgumentException if a value is out of its range
     */
    public ConsumerProperties {
        require(concurrency >= 1, "concurrency must be at least 1");
        require(batchSize >= 1 && batchSize <= 10_000, "batch-size must be between 1 and 10000");
        require(fetchMinSize != null && fetchMinSize.toBytes() >= 1, "fetch-min-size must be at least 1B");
        require(fetchMaxWait != null && !fetchMaxWait.isNegative(), "fetch-max-wait must not be negative");
        require(retryInitialInterval != null && retryInitialInterval.toMillis() >= 1,
                "retry-initial-interval must be at least 1ms");
        require(retryMultiplier >= 1.0, "retry-multiplier must be at least 1.0");
        require(retryMaxInterval != null && retryMaxInterval.compareTo(retryInitialInterval) >= 0,
                "retry-max-interval must be at least retry-initial-interval");
    }

    /**
     * Binds the properties under a prefix, with the defaults above for what is not set.
     *
     * @param environment the application's environment
     * @param prefix      e.g. {@code callvault.storage.consumer}
     * @return the bound properties
     * @throws IllegalArgumentException (inside a {@code BindException}) if a value is out of its range
     */
    public static ConsumerProperties bind(Environment environment, String prefix) {
        return Binder.get(environment).bindOrCreate(prefix, ConsumerProperties.class);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
