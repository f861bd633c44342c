package dev.callvault.playback.readmodel;

import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.playback.messaging.NonRetryableEventException;
import dev.callvault.playback.readmodel.ReadModelUpdater.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the lifecycle topics into the read model (consumer group {@value #GROUP_ID}). Each record is applied in
 * its own database transaction; the container commits the offset only after that transaction committed, so a crash
 * in between redelivers the record and {@code processed_event} recognises it. Failures go to the error handler of
 * {@code KafkaConfiguration}: undecodable records and refused events to {@code <topic>-dlt}, anything else retried.
 */
@Component
class ReadModelEventListener {

    static final String GROUP_ID = "playback-service";

    private static final Logger log = LoggerFactory.getLogger(ReadModelEventListener.class);

    private final ReadModelUpdater updater;
    private final Recordings recordings;
    private final MeterRegistry meterRegistry;

    ReadModelEventListener(ReadModelUpdater updater, Recordings recordings, MeterRegistry meterRegistry) {
        this.updater = updater;
        this.recordings = recordings;
        this.meterRegistry = meterRegistry;
    }

    @KafkaListener(id = "playback-read-model", groupId = GROUP_ID,
            topics = {Topics.CALL_ENDED, Topics.RECORDING_STORED, Topics.RECORDING_FETCH_FAILED,
                    Topics.RECORDING_DELETED},
            concurrency = "${callvault.playback.consumer.concurrency:3}")
    void onEvent(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value == null) {
            // A tombstone on a compacted topic removes the key from the log; the read model keeps its state.
            log.debug("ignoring tombstone for key {} on {}", record.key(), record.topic());
            return;
        }
        String topic = record.topic();
        Outcome outcome = switch (value) {
            case CallEnded event when Topics.CALL_ENDED.equals(topic) -> updater.apply(event, topic);
            case RecordingStored event when Topics.RECORDING_STORED.equals(topic) -> updater.apply(event, topic);
            case RecordingFetchFailed event when Topics.RECORDING_FETCH_FAILED.equals(topic) ->
                    updater.apply(event, topic);
            case RecordingDeleted event when Topics.RECORDING_DELETED.equals(topic) -> updater.apply(event, topic);
            default -> throw new NonRetryableEventException(value.getSchema().getName() + " does not belong on "
                    + topic);
        };
        // committed: the request path's cached row of this recording is out of date
        if (value instanceof RecordingDeleted deleted) {
            recordings.deleted(deleted.getRecordingId(), deleted.getOccurredAt());
        } else if (outcome != Outcome.DUPLICATE) {
            recordings.evict(recordingId(value));
        }
        log.debug("{} {}-{}@{}: {}", value.getSchema().getName(), topic, record.partition(), record.offset(),
                outcome);
        Counter.builder("callvault.playback.read_model.events")
                .description("Lifecycle events consumed into the playback read model, by event type and outcome")
                .tag("type", value.getSchema().getName())
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meterRegistry)
                .increment();
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
            default -> throw new IllegalArgumentException(event.getSchema().getName());
        };
    }
}
