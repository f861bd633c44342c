package dev.callvault.playback.readmodel;

import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingDeleted;
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
import dev.callvault.playback.readmodel.ReadModelUpdater.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Consumes the lifecycle topics into the read model (consumer group {@value #GROUP_ID}) a poll at a time through the
 * platform's {@link EventBatchProcessor}: the poll's new events (claimed in {@code processed_event}) are applied in
 * one database transaction, in partition order, and the container commits the offsets after it. After the commit,
 * the request path's cached rows of the recordings that changed are dropped, and a deleted recording is remembered as
 * deleted. Invalid records go to {@code <topic>-dlt}; any other failure (database down) is retried without limit.
 * Counted in {@code callvault.playback.read_model.events{type, outcome}} ({@code changed}, {@code unchanged},
 * {@code duplicate}, {@code dead_lettered}).
 */
@Component
class ReadModelEventListener implements EventBatchHandler {

    static final String GROUP_ID = "playback-service";
    static final String LISTENER_ID = "playback-read-model";

    private final ReadModelUpdater updater;
    private final Recordings recordings;
    private final EventBatchProcessor processor;
    private final EntityManager entityManager;

    ReadModelEventListener(ReadModelUpdater updater, Recordings recordings, TransactionOperations transactions,
            JdbcTemplate jdbc, Clock clock, KafkaOperations<?, ?> kafkaTemplate, ConsumerFailures failures,
            MeterRegistry meterRegistry, EntityManager entityManager) {
        this.updater = updater;
        this.entityManager = entityManager;
        this.recordings = recordings;
        this.processor = new EventBatchProcessor(LISTENER_ID, GROUP_ID, transactions,
                new ProcessedEvents(jdbc, "processed_event", clock), DeadLetters.recoverer(kafkaTemplate), failures,
                meterRegistry, "callvault.playback.read_model.events");
    }

    @KafkaListener(id = LISTENER_ID, groupId = GROUP_ID, containerFactory = BatchListeners.CONTAINER_FACTORY,
            topics = {Topics.CALL_ENDED, Topics.RECORDING_STORED, Topics.RECORDING_FETCH_FAILED,
                    Topics.RECORDING_DELETED, Topics.RECORDING_DERIVED})
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
            Outcome outcome = switch (event.event()) {
                case CallEnded e -> updater.apply(e);
                case RecordingStored e -> updater.apply(e);
                case RecordingFetchFailed e -> updater.apply(e);
                case RecordingDeleted e -> updater.apply(e);
                case RecordingDerived e -> updater.apply(e);
                default -> throw new NonRetryableEventException(event.type() + " is not a read-model event");
            };
            outcomes.add(outcome.name().toLowerCase(Locale.ROOT));
            // write this event's changes and forget its entities: otherwise every later query of the poll would
            // dirty-check all entities loaded so far (Hibernate's auto-flush), quadratic in the poll's size
            entityManager.flush();
            entityManager.clear();
        }
        return outcomes;
    }

    /** Committed: the request path's cached rows of these recordings are out of date. */
    @Override
    public void committed(List<ConsumedEvent> events, List<String> outcomes) {
        for (ConsumedEvent event : events) {
            if (event.event() instanceof RecordingDeleted deleted) {
                recordings.deleted(deleted.getRecordingId(), deleted.getOccurredAt());
            } else {
                recordings.evict(recordingId(event.event()));
            }
        }
    }

    /**
     * @param event a lifecycle event
     * @return the recording it is about
     */
    static UUID recordingId(SpecificRecord event) {
        return switch (event) {
            case CallEnded e -> e.getRecordingId();
            case RecordingStored e -> e.getRecordingId();
            case RecordingFetchFailed e -> e.getRecordingId();
            case RecordingDeleted e -> e.getRecordingId();
            case RecordingDerived e -> e.getRecordingId();
            default -> throw new IllegalArgumentException(event.getSchema().getName());
        };
    }
}
