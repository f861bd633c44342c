package dev.callvault.storage.catalog;

import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingAnalyzed;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.BatchListeners;
import dev.callvault.platform.kafka.ConsumedEvent;
import dev.callvault.platform.kafka.ConsumerFailures;
import dev.callvault.platform.kafka.DeadLetters;
import dev.callvault.platform.kafka.EventBatchHandler;
import dev.callvault.platform.kafka.EventBatchProcessor;
import dev.callvault.platform.kafka.NonRetryableEventException;
import dev.callvault.platform.kafka.ProcessedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Consumes the lifecycle topics into the catalog (consumer group {@value #GROUP_ID}) a poll at a time through the
 * platform's {@link EventBatchProcessor}: the poll's new events (claimed in {@code processed_event}) are applied in
 * one database transaction, in partition order, and the container commits the offsets after it. Undecodable records,
 * events of the wrong type for their topic, events without tenant or with malformed fields, and events naming a
 * tenant that does not own the entry go to {@code <topic>-dlt}; any other failure (database down) is retried without
 * limit. Counted in {@code callvault.catalog.events{type, outcome}} ({@code applied}, {@code ignored},
 * {@code duplicate}, {@code dead_lettered}).
 */
@Component
class CatalogEventListener implements EventBatchHandler {

    static final String GROUP_ID = "storage-service";
    static final String LISTENER_ID = "catalog";

    private final CatalogUpdater updater;
    private final EventBatchProcessor processor;
    private final EntityManager entityManager;

    CatalogEventListener(CatalogUpdater updater, TransactionOperations transactions, ProcessedEvents processedEvents,
            KafkaOperations<?, ?> kafkaTemplate, ConsumerFailures failures, MeterRegistry meterRegistry,
            EntityManager entityManager) {
        this.updater = updater;
        this.entityManager = entityManager;
        this.processor = new EventBatchProcessor(LISTENER_ID, GROUP_ID, transactions, processedEvents,
                DeadLetters.recoverer(kafkaTemplate), failures, meterRegistry, "callvault.catalog.events");
    }

    @KafkaListener(id = LISTENER_ID, groupId = GROUP_ID, containerFactory = BatchListeners.CONTAINER_FACTORY,
            topics = {Topics.CALL_ENDED, Topics.RECORDING_STORED, Topics.RECORDING_FETCH_FAILED,
                    Topics.RECORDING_ANALYZED, Topics.RECORDING_DERIVED})
    void onEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
        processor.process(records, this);
    }

    @Override
    public void validate(ConsumedEvent event) {
        updater.validate(event.event());
    }

    @Override
    public List<String> apply(List<ConsumedEvent> events) {
        List<String> outcomes = new ArrayList<>(events.size());
        for (ConsumedEvent event : events) {
            CatalogUpdater.Outcome outcome = switch (event.event()) {
                case CallEnded e -> updater.apply(e);
                case RecordingStored e -> updater.apply(e);
                case RecordingFetchFailed e -> updater.apply(e);
                case RecordingAnalyzed e -> updater.apply(e);
                case RecordingDerived e -> updater.apply(e);
                default -> throw new NonRetryableEventException(event.type() + " is not a catalog event");
            };
            outcomes.add(outcome.name().toLowerCase(Locale.ROOT));
            // write this event's changes and forget its entities: otherwise every later query of the poll would
            // dirty-check all entities loaded so far (Hibernate's auto-flush), quadratic in the poll's size
            entityManager.flush();
            entityManager.clear();
        }
        return outcomes;
    }
}
