package dev.callvault.playback.access;

import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import dev.callvault.playback.signing.PlaybackProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link RecordingAccessed} to {@link Topics#RECORDING_ACCESSED}, keyed by the recording id, and returns
 * only once the broker acknowledged it ({@code acks=all}, idempotent producer), within
 * {@code callvault.playback.audit-timeout}.
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

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param kafka      the template (Avro values)
     * @param properties supplies {@code audit-timeout}
     * @param clock      stamps {@code occurredAt}
     * @throws IllegalStateException if the producer is not {@code acks=all}, or could still deliver a record after
     *                               the audit timeout ({@code max.block.ms + delivery.timeout.ms >= timeout})
     */
    public AccessAuditor(KafkaTemplate<String, SpecificRecord> kafka, PlaybackProperties properties, Clock clock) {
        this.kafka = kafka;
        this.timeout = properties.auditTimeout();
        this.clock = clock;
        checkProducerConfiguration(kafka.getProducerFactory().getConfigurationProperties(), timeout);
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
            kafka.send(Topics.RECORDING_ACCESSED, key, event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.debug("audited {} {} of recording {} by {} ({})", access.action(), access.httpStatus(), key,
                    access.subject(), event.getEventId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while auditing recording " + key, e);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("the broker did not acknowledge the access to recording " + key,
                    e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("no acknowledgement within " + timeout.toMillis() + " ms", e);
        } catch (RuntimeException e) {
            // KafkaTemplate.send throws when the producer cannot get metadata within max.block.ms
            throw new AuditUnavailableException("could not send the access to recording " + key, e);
        }
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

    static void checkProducerConfiguration(Map<String, Object> config, Duration timeout) {
        String acks = String.valueOf(config.getOrDefault(ProducerConfig.ACKS_CONFIG, "all"));
        if (!acks.equals("all") && !acks.equals("-1")) {
            throw new IllegalStateException("The audit producer needs acks=all, got acks=" + acks);
        }
        long maxBlock = millis(config, ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        long delivery = millis(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        if (maxBlock + delivery >= timeout.toMillis()) {
            throw new IllegalStateException("callvault.playback.audit-timeout (" + timeout.toMillis() + " ms) must "
                    + "exceed the producer's max.block.ms + delivery.timeout.ms (" + (maxBlock + delivery) + " ms), "
                    + "or an access answered 503 could still be audited as served");
        }
    }

    private static long millis(Map<String, Object> config, String key, long kafkaDefault) {
        Object value = config.get(key);
        return value == null ? kafkaDefault : Long.parseLong(value.toString().trim());
    }
}
