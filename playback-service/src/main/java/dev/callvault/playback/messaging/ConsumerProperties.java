package dev.callvault.playback.messaging;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Consumers of the read model, prefix {@code callvault.playback.consumer}: their number, and their back-off for
 * failures that may pass (database unavailable, a concurrent insert of the same recording). Once
 * {@code retryMaxElapsed} has passed, the record goes to its dead-letter topic.
 *
 * @param concurrency          consumer threads of the read-model listener, default 3 (the contract topics' partitions)
 * @param retryInitialInterval first pause, default 500 ms
 * @param retryMultiplier      growth of each pause, default 2.0
 * @param retryMaxInterval     longest single pause, default 30 s (below the consumer's {@code max.poll.interval.ms})
 * @param retryMaxElapsed      total time spent retrying one record, default 5 min
 */
@Validated
@ConfigurationProperties("callvault.playback.consumer")
public record ConsumerProperties(
        @Min(1) @DefaultValue("3") int concurrency,
        @NotNull @DefaultValue("500ms") Duration retryInitialInterval,
        @DecimalMin("1.0") @DefaultValue("2.0") double retryMultiplier,
        @NotNull @DefaultValue("30s") Duration retryMaxInterval,
        @NotNull @DefaultValue("5m") Duration retryMaxElapsed) {
}
