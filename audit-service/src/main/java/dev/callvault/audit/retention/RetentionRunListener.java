package dev.callvault.audit.retention;

import dev.callvault.audit.messaging.ConsumerProperties;
import dev.callvault.audit.messaging.NonRetryableEventException;
import dev.callvault.events.RetentionRunCompleted;
import dev.callvault.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code callvault.retention-runs.v1} (consumer group {@value ConsumerProperties#GROUP_ID}) into
 * {@code audit.retention_run}: one row per event id ({@code INSERT ... ON CONFLICT (event_id) DO NOTHING}, so a
 * redelivery is recorded once). Anything but a {@code RetentionRunCompleted} with a tenant is dead-lettered by the
 * error handler of {@code KafkaConfiguration}.
 */
@Component
class RetentionRunListener {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meterRegistry;

    RetentionRunListener(JdbcClient jdbc, Clock clock, MeterRegistry meterRegistry) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.meterRegistry = meterRegistry;
    }

    @KafkaListener(id = "audit-retention-runs", groupId = ConsumerProperties.GROUP_ID, topics = Topics.RETENTION_RUNS)
    void onEvent(ConsumerRecord<String, SpecificRecord> record) {
        if (!(record.value() instanceof RetentionRunCompleted run)) {
            throw new NonRetryableEventException((record.value() == null ? "a tombstone"
                    : record.value().getSchema().getName()) + " does not belong on " + record.topic());
        }
        if (run.getTenantId() == null || run.getTenantId().isBlank()) {
            throw new NonRetryableEventException("RetentionRunCompleted " + run.getEventId() + " names no tenant");
        }
        int inserted = jdbc.sql("""
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
        Counter.builder(ConsumerProperties.EVENTS_METRIC)
                .description("Events consumed into the audit log, by event type and outcome")
                .tag("type", run.getSchema().getName())
                .tag("outcome", inserted == 1 ? "recorded" : "duplicate")
                .register(meterRegistry)
                .increment();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
