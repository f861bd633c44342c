package dev.callvault.audit.custody;

import dev.callvault.audit.messaging.ConsumerProperties;
import dev.callvault.audit.messaging.NonRetryableEventException;
import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingLifecycleChanged;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the lifecycle topics into the custody log (consumer group {@value ConsumerProperties#GROUP_ID}): one
 * insert per record, the offset committed after it (ack mode {@code record}); a redelivered event finds its id.
 * Tombstones on the compacted topics are skipped: the custody log keeps its history.
 *
 * <p>Failures go to the error handler of {@code KafkaConfiguration}: undecodable records and refused events (a type
 * that does not belong on the topic, no tenant) to {@code <topic>-dlt}, anything else retried with back-off.
 */
@Component
class CustodyEventListener {

    private static final Logger log = LoggerFactory.getLogger(CustodyEventListener.class);

    private final CustodyLog custodyLog;
    private final MeterRegistry meterRegistry;

    CustodyEventListener(CustodyLog custodyLog, MeterRegistry meterRegistry) {
        this.custodyLog = custodyLog;
        this.meterRegistry = meterRegistry;
    }

    @KafkaListener(id = "audit-custody", groupId = ConsumerProperties.GROUP_ID,
            topics = {Topics.CALL_ENDED, Topics.RECORDING_STORED, Topics.RECORDING_FETCH_FAILED,
                    Topics.RECORDING_DELETED, Topics.RECORDING_LIFECYCLE},
            concurrency = "${callvault.audit.consumer.concurrency:3}")
    void onEvent(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value == null) {
            log.debug("ignoring tombstone for key {} on {}", record.key(), record.topic());
            return;
        }
        CustodyEntry entry = switch (value) {
            case CallEnded event when Topics.CALL_ENDED.equals(record.topic()) -> CustodyEntry.of(event);
            case RecordingStored event when Topics.RECORDING_STORED.equals(record.topic()) -> CustodyEntry.of(event);
            case RecordingFetchFailed event when Topics.RECORDING_FETCH_FAILED.equals(record.topic()) ->
                    CustodyEntry.of(event);
            case RecordingDeleted event when Topics.RECORDING_DELETED.equals(record.topic()) -> CustodyEntry.of(event);
            case RecordingLifecycleChanged event when Topics.RECORDING_LIFECYCLE.equals(record.topic()) ->
                    CustodyEntry.of(event);
            default -> throw new NonRetryableEventException(value.getSchema().getName() + " does not belong on "
                    + record.topic());
        };
        if (entry.tenantId() == null || entry.tenantId().isBlank()) {
            throw new NonRetryableEventException(value.getSchema().getName() + " " + entry.eventId()
                    + " names no tenant");
        }
        boolean appended = custodyLog.append(entry);
        log.debug("{} {} of recording {}: {}", entry.kind(), entry.eventId(), entry.recordingId(),
                appended ? "recorded" : "duplicate");
        Counter.builder(ConsumerProperties.EVENTS_METRIC)
                .description("Events consumed into the audit log, by event type and outcome")
                .tag("type", value.getSchema().getName())
                .tag("outcome", appended ? "recorded" : "duplicate")
                .register(meterRegistry)
                .increment();
    }
}
