package dev.callvault.audit.log;

import dev.callvault.audit.messaging.AuditConsumers;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.BatchListeners;
import dev.callvault.platform.kafka.ConsumedEvent;
import dev.callvault.platform.kafka.ConsumerFailures;
import dev.callvault.platform.kafka.DeadLetters;
import dev.callvault.platform.kafka.EventBatchHandler;
import dev.callvault.platform.kafka.EventBatchProcessor;
import dev.callvault.platform.kafka.NonRetryableEventException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Consumes {@code callvault.recording-accessed.v1} into the access log (consumer group
 * {@value AuditConsumers#GROUP_ID}) a poll at a time through the platform's {@link EventBatchProcessor}: up to
 * {@code callvault.audit.consumer.batch-size} records (default 500) per call, their valid events appended in one
 * database transaction ({@link AuditLog#appendAll}, idempotent on the event id); the container commits the poll's
 * offsets after it. Undecodable records, other event types, events without tenant and events the database refuses on
 * a constraint (e.g. a NUL character in a text) are dead-lettered after the rest of the poll is committed; any other
 * failure (database or broker down) is retried without limit. Counted in {@code callvault.audit.events{type,
 * outcome}} ({@code recorded}, {@code duplicate}, {@code dead_lettered}).
 */
@Component
class AccessEventListener implements EventBatchHandler {

    /** The listener id, also the prefix of its consumer threads' client ids. */
    static final String ID = "audit-access";

    private final AuditLog auditLog;
    private final EventBatchProcessor processor;

    AccessEventListener(AuditLog auditLog, TransactionOperations transactions, KafkaOperations<?, ?> kafkaTemplate,
            ConsumerFailures failures, MeterRegistry meterRegistry) {
        this.auditLog = auditLog;
        this.processor = new EventBatchProcessor(ID, AuditConsumers.GROUP_ID, transactions, null,
                DeadLetters.recoverer(kafkaTemplate), failures, meterRegistry, AuditConsumers.EVENTS_METRIC,
                DataIntegrityViolationException.class);
    }

    @KafkaListener(id = ID, groupId = AuditConsumers.GROUP_ID, topics = Topics.RECORDING_ACCESSED,
            containerFactory = BatchListeners.CONTAINER_FACTORY)
    void onEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
        processor.process(records, this);
    }

    @Override
    public void validate(ConsumedEvent event) {
        // the processor has checked that the event is a RecordingAccessed, the type of this topic
        RecordingAccessed accessed = (RecordingAccessed) event.event();
        if (accessed.getTenantId() == null || accessed.getTenantId().isBlank()) {
            throw new NonRetryableEventException("RecordingAccessed " + accessed.getEventId() + " names no tenant");
        }
    }

    /** Appends the events in one statement per 500; the first copy of each inserted id is recorded. */
    @Override
    public List<String> apply(List<ConsumedEvent> events) {
        List<RecordingAccessed> accesses = events.stream().map(event -> (RecordingAccessed) event.event()).toList();
        Set<UUID> inserted = new java.util.HashSet<>(auditLog.appendAll(accesses));
        List<String> outcomes = new ArrayList<>(events.size());
        for (RecordingAccessed access : accesses) {
            outcomes.add(inserted.remove(access.getEventId()) ? "recorded" : "duplicate");
        }
        return outcomes;
    }
}
