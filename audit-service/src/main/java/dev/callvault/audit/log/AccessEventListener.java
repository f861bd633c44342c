package dev.callvault.audit.log;

import dev.callvault.audit.messaging.ConsumerProperties;
import dev.callvault.audit.messaging.DeadLetterPublisher;
import dev.callvault.audit.messaging.NonRetryableEventException;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code callvault.recording-accessed.v1} into the access log (consumer group
 * {@value ConsumerProperties#GROUP_ID}) a poll at a time: a batch listener (spring-kafka reference, "Receiving
 * Messages", "Batch Listeners") on the container factory {@value ConsumerProperties#BATCH_CONTAINER_FACTORY}, up to
 * {@code callvault.audit.consumer.access-batch-size} records (default 500) per call. The valid events of a call are
 * one database transaction ({@link AuditLog#appendAll}); the container commits the poll's offsets only after the call
 * returned (ack mode {@code BATCH}), so a crash in between redelivers the batch and the insert finds the event ids.
 *
 * <p>Invalid records — undecodable (a {@code null} value with the {@code ErrorHandlingDeserializer}'s exception
 * header; spring-kafka leaves that check to a batch listener), another event type, no tenant — and events the
 * database refuses on a constraint are dead-lettered from here, after the valid ones are committed, one by one
 * ({@link DeadLetterPublisher}: same topic, partition and headers as the error handler writes), so that they never
 * hold up or re-seek the rest of the batch. Any other failure (database or broker down) is thrown as it is: the error
 * handler of {@code KafkaConfiguration} retries the whole batch with back-off, then dead-letters it, and nothing is
 * committed meanwhile.
 */
@Component
class AccessEventListener {

    /** The listener id, also the prefix of its consumer threads' client ids. */
    static final String ID = "audit-access";

    private static final Logger log = LoggerFactory.getLogger(AccessEventListener.class);
    private static final LogAccessor headerLog = new LogAccessor(AccessEventListener.class);

    private final AuditLog auditLog;
    private final DeadLetterPublisher deadLetters;
    private final Counter recorded;
    private final Counter duplicates;

    AccessEventListener(AuditLog auditLog, DeadLetterPublisher deadLetters, MeterRegistry meterRegistry) {
        this.auditLog = auditLog;
        this.deadLetters = deadLetters;
        this.recorded = counter(meterRegistry, "recorded");
        this.duplicates = counter(meterRegistry, "duplicate");
    }

    @KafkaListener(id = ID, groupId = ConsumerProperties.GROUP_ID, topics = Topics.RECORDING_ACCESSED,
            containerFactory = ConsumerProperties.BATCH_CONTAINER_FACTORY,
            concurrency = "${callvault.audit.consumer.concurrency:3}")
    void onEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
        List<Accepted> accepted = new ArrayList<>(records.size());
        List<Refused> refused = new ArrayList<>();
        for (ConsumerRecord<String, SpecificRecord> record : records) {
            Exception refusal = refusal(record);
            if (refusal != null) {
                refused.add(new Refused(record, refusal));
            } else if (record.value() instanceof RecordingAccessed event) {
                accepted.add(new Accepted(record, event));
            } else {
                log.debug("ignoring null value for key {} on {}", record.key(), record.topic());
            }
        }
        append(accepted, refused);
        for (Refused refusal : refused) {
            deadLetters.publish(ID, refusal.record(), refusal.reason());
        }
        log.debug("{} records of {}: {} access events, {} dead-lettered", records.size(), Topics.RECORDING_ACCESSED,
                accepted.size(), refused.size());
    }

    /** Why a record can never be recorded, or {@code null} for a valid event or a tombstone (which is skipped). */
    private static Exception refusal(ConsumerRecord<String, SpecificRecord> record) {
        DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, headerLog);
        if (undecodable != null) {
            return undecodable;
        }
        SpecificRecord value = record.value();
        if (value == null) {
            return null;
        }
        if (!(value instanceof RecordingAccessed event)) {
            return new NonRetryableEventException(value.getSchema().getName() + " does not belong on "
                    + record.topic());
        }
        if (event.getTenantId() == null || event.getTenantId().isBlank()) {
            return new NonRetryableEventException("RecordingAccessed " + event.getEventId() + " names no tenant");
        }
        return null;
    }

    /**
     * Records the events in one transaction. When the database refuses that on a constraint, the culprits are found
     * by recording the events one at a time (each its own transaction) and join the refused records.
     */
    private void append(List<Accepted> accepted, List<Refused> refused) {
        if (accepted.isEmpty()) {
            return;
        }
        List<RecordingAccessed> events = accepted.stream().map(Accepted::event).toList();
        try {
            count(events, auditLog.appendAll(events));
        } catch (DataIntegrityViolationException batchRefused) {
            log.debug("the database refused a batch of {} access events, recording them one at a time: {}",
                    events.size(), batchRefused.getMostSpecificCause().getMessage());
            for (Accepted one : accepted) {
                List<RecordingAccessed> single = List.of(one.event());
                try {
                    count(single, auditLog.appendAll(single));
                } catch (DataIntegrityViolationException rowRefused) {
                    refused.add(new Refused(one.record(), rowRefused));
                }
            }
        }
    }

    /**
     * Counts the events as recorded or duplicate: each inserted id is one recorded copy, every other copy (recorded
     * before, or repeated within the batch) a duplicate.
     */
    private void count(List<RecordingAccessed> events, Set<UUID> insertedIds) {
        recorded.increment(insertedIds.size());
        duplicates.increment(events.size() - insertedIds.size());
    }

    private static Counter counter(MeterRegistry meterRegistry, String outcome) {
        return Counter.builder(ConsumerProperties.EVENTS_METRIC)
                .description("Events consumed into the audit log, by event type and outcome")
                .tag("type", RecordingAccessed.class.getSimpleName())
                .tag("outcome", outcome)
                .register(meterRegistry);
    }

    private record Accepted(ConsumerRecord<String, SpecificRecord> record, RecordingAccessed event) {
    }

    private record Refused(ConsumerRecord<String, SpecificRecord> record, Exception reason) {
    }
}
