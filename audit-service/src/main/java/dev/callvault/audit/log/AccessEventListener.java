package dev.callvault.audit.log;

import dev.callvault.audit.messaging.ConsumerProperties;
import dev.callvault.audit.messaging.NonRetryableEventException;
import dev.callvault.events.RecordingAccessed;
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
 * Consumes {@code callvault.recording-accessed.v1} into the access log (consumer group
 * {@value ConsumerProperties#GROUP_ID}). Each record is one insert; the container commits the offset only after it
 * (ack mode {@code record}), so a crash in between redelivers the record and the insert finds the event id.
 *
 * <p>Failures go to the error handler of {@code KafkaConfiguration}: undecodable records and refused events to
 * {@code <topic>-dlt}, anything else retried with back-off.
 */
@Component
class AccessEventListener {

    private static final Logger log = LoggerFactory.getLogger(AccessEventListener.class);

    private final AuditLog auditLog;
    private final Counter recorded;
    private final Counter duplicates;

    AccessEventListener(AuditLog auditLog, MeterRegistry meterRegistry) {
        this.auditLog = auditLog;
        this.recorded = counter(meterRegistry, "recorded");
        this.duplicates = counter(meterRegistry, "duplicate");
    }

    @KafkaListener(id = "audit-access", groupId = ConsumerProperties.GROUP_ID, topics = Topics.RECORDING_ACCESSED,
            concurrency = "${callvault.audit.consumer.concurrency:3}")
    void onEvent(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() == null) {
            log.debug("ignoring null value for key {} on {}", record.key(), record.topic());
            return;
        }
        if (!(record.value() instanceof RecordingAccessed event)) {
            throw new NonRetryableEventException(record.value().getSchema().getName() + " does not belong on "
                    + record.topic());
        }
        if (event.getTenantId() == null || event.getTenantId().isBlank()) {
            throw new NonRetryableEventException("RecordingAccessed " + event.getEventId() + " names no tenant");
        }
        if (auditLog.append(event)) {
            log.debug("recorded access {} to recording {} by {} ({} {})", event.getEventId(), event.getRecordingId(),
                    event.getSubject(), event.getAction(), event.getHttpStatus());
            recorded.increment();
        } else {
            log.debug("access event {} was recorded before", event.getEventId());
            duplicates.increment();
        }
    }

    private static Counter counter(MeterRegistry meterRegistry, String outcome) {
        return Counter.builder(ConsumerProperties.EVENTS_METRIC)
                .description("Events consumed into the audit log, by event type and outcome")
                .tag("type", RecordingAccessed.class.getSimpleName())
                .tag("outcome", outcome)
                .register(meterRegistry);
    }
}
