package dev.callvault.playback.access;

import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.kafka.PublishFailedException;
import dev.callvault.playback.PlaybackProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link RecordingAccessed} to {@link Topics#RECORDING_ACCESSED}, keyed by the recording id, and returns
 * only once the broker acknowledged it ({@code acks=all}, idempotent producer), within
 * {@code callvault.playback.audit-timeout}, through the platform's {@link AcknowledgedPublisher}.
 *
 * <p>The producer gives up on its own before that timeout ({@code max.block.ms} for metadata, then
 * {@code delivery.timeout.ms} for the record), so an access answered 503 is never audited late as if it had been
 * served; the constructor refuses a configuration that breaks this rule. Header values that clients choose
 * ({@code Range}, {@code User-Agent}) are cut to {@value #MAX_HEADER_CHARS} characters.
 */
@Component
public class AccessAuditor {

    /** Longest {@code Range} or {@code User-Agent} value kept in an event. */
    static final int MAX_HEADER_CHARS = 512;

    private static final Logger log = LoggerFactory.getLogger(AccessAuditor.class);

    private final AcknowledgedPublisher publisher;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param publisher  sends and waits for the acknowledgement (Avro values)
     * @param properties supplies {@code audit-timeout}
     * @param clock      stamps {@code occurredAt}
     * @throws IllegalStateException if the producer is not {@code acks=all}, or could still deliver a record after
     *                               the audit timeout ({@code max.block.ms + delivery.timeout.ms >= timeout})
     */
    public AccessAuditor(AcknowledgedPublisher publisher, PlaybackProperties properties, Clock clock) {
        this.publisher = publisher;
        this.timeout = properties.auditTimeout();
        this.clock = clock;
        publisher.requireDeliveryEndsWithin(timeout, "callvault.playback.audit-timeout");
    }

    /**
     * Publishes the access and waits for the broker's acknowledgement.
     *
     * @param access what to audit
     * @throws AuditUnavailableException if the broker did not acknowledge within the audit timeout
     */
    public void publish(Access access) {
        RecordingAccessed event = toEvent(access);
        String key = access.recordingId().toString();
        try {
            publisher.publish(new ProducerRecord<>(Topics.RECORDING_ACCESSED, key, event), timeout);
        } catch (PublishFailedException e) {
            throw new AuditUnavailableException("the access to recording " + key + " was not audited: "
                    + e.getMessage(), e);
        }
        log.debug("audited {} {} of recording {} by {} ({})", access.action(), access.httpStatus(), key,
                access.subject(), event.getEventId());
    }

    /**
     * Publishes an access whose answer does not depend on the audit (a refused signature): a failure is logged, not
     * thrown.
     *
     * @param access what to audit
     */
    public void publishBestEffort(Access access) {
        try {
            publish(access);
        } catch (AuditUnavailableException e) {
            log.warn("could not audit a refused access ({}) to recording {}: {}", access.httpStatus(),
                    access.recordingId(), e.reason());
        }
    }

    private RecordingAccessed toEvent(Access access) {
        return RecordingAccessed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(access.tenantId())
                .setRecordingId(access.recordingId())
                .setSubject(access.subject())
                .setAction(access.action())
                .setRequestedRange(cut(access.requestedRange()))
                .setHttpStatus(access.httpStatus())
                .setClientAddress(access.clientAddress())
                .setUserAgent(cut(access.userAgent()))
                .setUrlExpiresAt(access.urlExpiresAt())
                .build();
    }

    private static String cut(String value) {
        return value == null || value.length() <= MAX_HEADER_CHARS ? value : value.substring(0, MAX_HEADER_CHARS);
    }
}
