package dev.callvault.audit.messaging;

/**
 * Names shared by audit-service's listeners, which all apply events through the platform's
 * {@code EventBatchProcessor} on the batch container factory of {@code KafkaConfiguration}, with the settings of
 * {@code callvault.audit.consumer.*} ({@code dev.callvault.platform.kafka.ConsumerProperties}).
 */
public final class AuditConsumers {

    /** The consumer group of every listener of audit-service (fixed: offsets are committed under it). */
    public static final String GROUP_ID = "audit-service";

    /** Name of the counter of consumed events, tagged {@code type} (event type) and {@code outcome}. */
    public static final String EVENTS_METRIC = "callvault.audit.events";

    private AuditConsumers() {
    }
}
