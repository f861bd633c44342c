package dev.callvault.audit.retention;

import dev.callvault.audit.messaging.AuditConsumers;
import dev.callvault.events.RetentionRunCompleted;
import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.BatchListeners;
import dev.callvault.platform.kafka.ConsumedEvent;
import dev.callvault.platform.kafka.ConsumerFailures;
import dev.callvault.platform.kafka.DeadLetters;
import dev.callvault.platform.kafka.EventBatchHandler;
import dev.callvault.platform.kafka.EventBatchProcessor;
import dev.callvault.platform.kafka.NonRetryableEventException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Consumes {@code callvault.retention-runs.v1} (consumer group {@value AuditConsumers#GROUP_ID}) into
 * {@code audit.retention_run} through the platform's {@link EventBatchProcessor}: one row per event id
 * ({@code INSERT ... ON CONFLICT (event_id) DO NOTHING}, so a redelivery is recorded once), a poll per transaction.
 * Anything but a {@code RetentionRunCompleted} with a tenant is dead-lettered.
 */
@Component
class RetentionRunListener implements EventBatchHandler {

    static final String ID = "audit-retention-runs";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final EventBatchProcessor processor;

    RetentionRunListener(JdbcClient jdbc, Clock clock, TransactionOperations transactions,
            KafkaOperations<?, ?> kafkaTemplate, ConsumerFailures failures, MeterRegistry meterRegistry) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.processor = new EventBatchProcessor(ID, AuditConsumers.GROUP_ID, transactions, null,
                DeadLetters.recoverer(kafkaTemplate), failures, meterRegistry, AuditConsumers.EVENTS_METRIC);
    }

    @KafkaListener(id = ID, groupId = AuditConsumers.GROUP_ID, topics = Topics.RETENTION_RUNS,
            containerFactory = BatchListeners.CONTAINER_FACTORY)
    void onEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
        processor.process(records, this);
    }

    @Override
    public void validate(ConsumedEvent event) {
        // the processor has checked that the event is a RetentionRunCompleted, the type of this topic
        RetentionRunCompleted run = (RetentionRunCompleted) event.event();
        if (run.getTenantId() == null || run.getTenantId().isBlank()) {
            throw new NonRetryableEventException("RetentionRunCompleted " + run.getEventId() + " names no tenant");
        }
    }

    @Override
    public List<String> apply(List<ConsumedEvent> events) {
        List<String> outcomes = new ArrayList<>(events.size());
        for (ConsumedEvent event : events) {
            outcomes.add(insert((RetentionRunCompleted) event.event()) == 1 ? "recorded" : "duplicate");
        }
        return outcomes;
    }

    private int insert(RetentionRunCompleted run) {
        return jdbc.sql("""
                        INSERT INTO retention_run (event_id, tenant_id, started_at, finished_at, retention_days,
                                                   cutoff, deleted, failed, recorded_at)
                        VALUES (:eventId, :tenantId, :startedAt, :finishedAt, :days, :cutoff, :deleted, :failed,
                                :recordedAt)
                        ON CONFLICT (event_id) DO NOTHING""")
                .param("eventId", run.getEventId())
                .param("tenantId", run.getTenantId())
                .param("startedAt", utc(run.getStartedAt()))
                .param("finishedAt", utc(run.getOccurredAt()))
                .param("days", run.getRetentionDays())
                .param("cutoff", utc(run.getCutoff()))
                .param("deleted", run.getDeleted())
                .param("failed", run.getFailed())
                .param("recordedAt", utc(clock.instant()))
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
