package dev.callvault.audit.custody;

import dev.callvault.audit.messaging.AuditConsumers;
import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingLifecycleChanged;
import dev.callvault.events.RecordingStored;
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
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Consumes the lifecycle topics into the custody log (consumer group {@value AuditConsumers#GROUP_ID}) a poll at a
 * time through the platform's {@link EventBatchProcessor}: the poll's entries are inserted in one database
 * transaction ({@code ON CONFLICT (event_id) DO NOTHING}, so a redelivered or re-emitted event, which carries the same
 * id, adds no second entry) and the offsets committed after it. Tombstones on the compacted topics are skipped: the
 * custody log keeps its history. Undecodable records and refused events (a type that does not belong on the topic,
 * no tenant) go to {@code <topic>-dlt}; any other failure is retried without limit.
 */
@Component
class CustodyEventListener implements EventBatchHandler {

    static final String ID = "audit-custody";

    private final CustodyLog custodyLog;
    private final EventBatchProcessor processor;

    CustodyEventListener(CustodyLog custodyLog, TransactionOperations transactions,
            KafkaOperations<?, ?> kafkaTemplate, ConsumerFailures failures, MeterRegistry meterRegistry) {
        this.custodyLog = custodyLog;
        this.processor = new EventBatchProcessor(ID, AuditConsumers.GROUP_ID, transactions, null,
                DeadLetters.recoverer(kafkaTemplate), failures, meterRegistry, AuditConsumers.EVENTS_METRIC);
    }

    @KafkaListener(id = ID, groupId = AuditConsumers.GROUP_ID, containerFactory = BatchListeners.CONTAINER_FACTORY,
            topics = {Topics.CALL_ENDED, Topics.RECORDING_STORED, Topics.RECORDING_FETCH_FAILED,
                    Topics.RECORDING_DELETED, Topics.RECORDING_LIFECYCLE, Topics.RECORDING_DERIVED})
    void onEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
        processor.process(records, this);
    }

    @Override
    public void validate(ConsumedEvent event) {
        CustodyEntry entry = entry(event.event());
        if (entry.tenantId() == null || entry.tenantId().isBlank()) {
            throw new NonRetryableEventException(event.type() + " " + entry.eventId() + " names no tenant");
        }
    }

    @Override
    public List<String> apply(List<ConsumedEvent> events) {
        List<String> outcomes = new ArrayList<>(events.size());
        for (ConsumedEvent event : events) {
            outcomes.add(custodyLog.append(entry(event.event())) ? "recorded" : "duplicate");
        }
        return outcomes;
    }

    private static CustodyEntry entry(SpecificRecord event) {
        return switch (event) {
            case CallEnded e -> CustodyEntry.of(e);
            case RecordingStored e -> CustodyEntry.of(e);
            case RecordingFetchFailed e -> CustodyEntry.of(e);
            case RecordingDeleted e -> CustodyEntry.of(e);
            case RecordingLifecycleChanged e -> CustodyEntry.of(e);
            case RecordingDerived e -> CustodyEntry.of(e);
            default -> throw new NonRetryableEventException(event.getSchema().getName() + " is not a custody event");
        };
    }
}
