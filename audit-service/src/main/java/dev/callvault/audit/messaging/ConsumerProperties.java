package dev.callvault.audit.messaging;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Consumers of the audit log, prefix {@code callvault.audit.consumer}: their number, the batches of the access-event
 * listener, and their back-off for failures that may pass (database unavailable). Once {@code retryMaxElapsed} has
 * passed, the record (or, for a database failure of the access listener, the whole batch) goes to its dead-letter
 * topic.
 *
 * @param concurrency          consumer threads of each listener (access events, lifecycle events), default 3 (the
 *                             contract topics' partitions)
 * @param accessBatchSize      most {@code RecordingAccessed} records per poll, and so per database transaction, of
 *                             the access listener (Kafka consumer {@code max.poll.records}), default 500
 * @param accessFetchMinSize   the broker answers a fetch of the access listener once it has this much data (Kafka
 *                             consumer {@code fetch.min.bytes}), default 16 KB (about 60 events)
 * @param accessFetchMaxWait   ...or once this time has passed (Kafka consumer {@code fetch.max.wait.ms}), default
 *                             50 ms: the most a single event waits for company on a quiet topic
 * @param retryInitialInterval first pause, default 500 ms
 * @param retryMultiplier      growth of each pause, default 2.0
 * @param retryMaxInterval     longest single pause, default 30 s (below the consumer's {@code max.poll.interval.ms})
 * @param retryMaxElapsed      total time spent retrying one record or batch, default 5 min
 */
@Validated
@ConfigurationProperties("callvault.audit.consumer")
public record ConsumerProperties(
        @Min(1) @DefaultValue("3") int concurrency,
        @Min(1) @Max(10_000) @DefaultValue("500") int accessBatchSize,
        @NotNull @DefaultValue("16KB") DataSize accessFetchMinSize,
        @NotNull @DefaultValue("50ms") Duration accessFetchMaxWait,
        @NotNull @DefaultValue("500ms") Duration retryInitialInterval,
        @DecimalMin("1.0") @DefaultValue("2.0") double retryMultiplier,
        @NotNull @DefaultValue("30s") Duration retryMaxInterval,
        @NotNull @DefaultValue("5m") Duration retryMaxElapsed) {

    /** The consumer group of every listener of audit-service (fixed: offsets are committed under it). */
    public static final String GROUP_ID = "audit-service";

    /** Name of the counter of consumed events, tagged {@code type} (event type) and {@code outcome}. */
    public static final String EVENTS_METRIC = "callvault.audit.events";

    /**
     * Bean name of the batch listener container factory of the access-event listener ({@code KafkaConfiguration});
     * every other listener uses Boot's record-at-a-time {@code kafkaListenerContainerFactory}.
     */
    public static final String BATCH_CONTAINER_FACTORY = "auditBatchListenerContainerFactory";
}
