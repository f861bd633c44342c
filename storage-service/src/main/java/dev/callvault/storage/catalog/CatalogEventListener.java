package dev.callvault.storage.catalog;

import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.storage.catalog.CatalogUpdater.Outcome;
import dev.callvault.storage.messaging.NonRetryableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the lifecycle topics into the catalog (consumer group {@value #GROUP_ID}). Each record is applied in its
 * own database transaction; the container commits the offset only after that transaction committed, so a crash in
 * between redelivers the record and {@code processed_event} recognises it.
 *
 * <p>Failures go to the error handler of {@code KafkaConfiguration}: undecodable records and refused events to
 * {@code <topic>-dlt}, anything else retried with back-off.
 */
@Component
class CatalogEventListener {

    static final String GROUP_ID = "storage-service";

    private static final Logger log = LoggerFactory.getLogger(CatalogEventListener.class);

    private final CatalogUpdater updater;
    private final MeterRegistry meterRegistry;

    CatalogEventListener(CatalogUpdater updater, MeterRegistry meterRegistry) {
        this.updater = updater;
        this.meterRegistry = meterRegistry;
    }

    @KafkaListener(id = "catalog", groupId = GROUP_ID,
            topics = {Topics.CALL_ENDED, Topics.RECORDING_STORED, Topics.RECORDING_FETCH_FAILED},
            concurrency = "${callvault.storage.consumer.concurrency:3}")
    void onEvent(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value == null) {
            // A tombstone on a compacted topic removes the key from the log; the catalog keeps its history.
            log.debug("ignoring tombstone for key {} on {}", record.key(), record.topic());
            return;
        }
        Outcome outcome = switch (value) {
            case CallEnded event when Topics.CALL_ENDED.equals(record.topic()) -> updater.apply(event, record.topic());
            case RecordingStored event when Topics.RECORDING_STORED.equals(record.topic()) ->
                    updater.apply(event, record.topic());
            case RecordingFetchFailed event when Topics.RECORDING_FETCH_FAILED.equals(record.topic()) ->
                    updater.apply(event, record.topic());
            default -> throw new NonRetryableEventException(value.getSchema().getName() + " does not belong on "
                    + record.topic());
        };
        log.debug("{} {}-{}@{}: {}", value.getSchema().getName(), record.topic(), record.partition(),
                record.offset(), outcome);
        counter(value.getSchema().getName(), outcome).increment();
    }

    private Counter counter(String type, Outcome outcome) {
        return Counter.builder("callvault.catalog.events")
                .description("Lifecycle events consumed into the catalog, by event type and outcome")
                .tag("type", type)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meterRegistry);
    }
}
