package dev.callvault.fetch.fetching;

import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.fetch.InfrastructureException;
import dev.callvault.fetch.providers.FetchFailedException;
import dev.callvault.fetch.upload.StoredRecording;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.kafka.PublishFailedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes a fetch's outcome, {@code RecordingStored} on {@link Topics#RECORDING_STORED} or
 * {@code RecordingFetchFailed} on {@link Topics#RECORDING_FETCH_FAILED}, keyed by the recording id, and waits for the
 * broker's acknowledgement (idempotent producer, {@code acks=all}) through the platform's
 * {@link AcknowledgedPublisher}, so that the consumed record is committed only afterwards. The wait is the producer's
 * own bound ({@code max.block.ms + delivery.timeout.ms}) plus a second: it ends only once the producer has given up. A {@code RecordingStored} carries the same event id every time it is published for the same object and
 * content ({@link #storedEventId}); a {@code RecordingFetchFailed} is a new fact each time (a random id). Counts
 * outcomes in {@code callvault.fetch.outcomes} (Prometheus {@code callvault_fetch_outcomes_total},
 * tags {@code provider}, {@code outcome} = {@code stored|reemitted|skipped|retrying|failed}, {@code code}).
 */
@Component
public class OutcomePublisher {

    private static final Logger log = LoggerFactory.getLogger(OutcomePublisher.class);

    private final AcknowledgedPublisher publisher;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    OutcomePublisher(AcknowledgedPublisher publisher, MeterRegistry meters) {
        this.publisher = publisher;
        this.meters = meters;
    }

    /**
     * Publishes {@code RecordingStored} and waits for the broker.
     *
     * @param job    the fetched recording
     * @param stored the object (fresh, or found already stored and re-emitted)
     * @throws InfrastructureException if the broker did not acknowledge the event (the record is then re-delivered)
     */
    public void stored(FetchJob job, FetchOutcome.Stored stored) {
        send(Topics.RECORDING_STORED, job, recordingStored(job, stored.recording()));
        count(job, stored.alreadyStored() ? "reemitted" : "stored", "NONE");
    }

    /**
     * Publishes {@code RecordingFetchFailed} and waits for the broker: either a final failure
     * ({@code nextAttemptAt == null}, counted as {@code failed}) or a hand-over to a retry topic (counted as
     * {@code retrying}).
     *
     * @param job           the recording
     * @param failure       the last attempt's failure
     * @param attempts      provider attempts made so far, over every delivery
     * @param nextAttemptAt when the retry topic delivers the record again, or {@code null} when nothing is scheduled
     * @throws InfrastructureException if the broker did not acknowledge the event (the record is then re-delivered)
     */
    public void failed(FetchJob job, FetchFailedException failure, int attempts, Instant nextAttemptAt) {
        send(Topics.RECORDING_FETCH_FAILED, job, recordingFetchFailed(job, failure, attempts, nextAttemptAt));
        if (nextAttemptAt == null) {
            count(job, "failed", failure.code().name());
            log.warn("Fetch of recording {} (tenant {}, {}) failed after {} attempt(s): {} {}", job.recordingId(),
                    job.tenantId(), job.provider(), attempts, failure.code(), failure.getMessage());
        } else {
            count(job, "retrying", failure.code().name());
            log.info("Fetch of recording {} (tenant {}, {}) failed after {} attempt(s): {} {}; next attempt at {}",
                    job.recordingId(), job.tenantId(), job.provider(), attempts, failure.code(), failure.getMessage(),
                    nextAttemptAt);
        }
    }

    /**
     * Counts an event of a deleted recording (outcome {@code deleted}): nothing was fetched and nothing is published.
     *
     * @param job the deleted recording
     */
    public void deleted(FetchJob job) {
        count(job, "deleted", "NONE");
    }

    /**
     * Counts a skipped event (a call whose recording is unavailable).
     *
     * @param job the skipped recording
     */
    public void skipped(FetchJob job) {
        count(job, "skipped", "NONE");
    }

    /**
     * The event id of the fact "this recording is stored as this object with this content": a name-based UUID
     * (RFC 9562 section 5.3, version 3) of the recording id, the object key and the SHA-256, so that the fact
     * re-emitted by a replay or a redelivery carries the id it had when first published, and every consumer's
     * processed-event table (and audit-service's custody log) recognises it as the same fact.
     *
     * @param recordingId the recording
     * @param recording   where and what it is stored as
     * @return the same id for the same recording, key and content, every time
     */
    static UUID storedEventId(UUID recordingId, StoredRecording recording) {
        return UUID.nameUUIDFromBytes(("RecordingStored|" + recordingId + "|" + recording.objectKey() + "|"
                + recording.sha256()).getBytes(StandardCharsets.UTF_8));
    }

    private RecordingStored recordingStored(FetchJob job, StoredRecording recording) {
        return RecordingStored.newBuilder()
                .setEventId(storedEventId(job.recordingId(), recording))
                .setOccurredAt(now())
                .setTenantId(job.tenantId())
                .setRecordingId(job.recordingId())
                .setProvider(job.provider())
                .setBucket(recording.bucket())
                .setObjectKey(recording.objectKey())
                .setContentType(recording.contentType())
                .setSizeBytes(recording.sizeBytes())
                .setSha256(recording.sha256())
                .setDurationSeconds(job.durationSeconds())
                .setChannels(job.channels())
                .setCallEndedAt(job.callEndedAt())
                .setServerSideEncryption(recording.encryption().mode().toEvent())
                .setEncryptionKeyId(recording.encryption().keyId())
                .setProviderRecordingId(job.providerRecordingId())
                .build();
    }

    private RecordingFetchFailed recordingFetchFailed(FetchJob job, FetchFailedException failure, int attempts,
            Instant nextAttemptAt) {
        return RecordingFetchFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now())
                .setTenantId(job.tenantId())
                .setRecordingId(job.recordingId())
                .setProvider(job.provider())
                .setReason(failure.getMessage())
                .setErrorCode(failure.code().name())
                .setHttpStatus(failure.httpStatus().orElse(null))
                .setRetryable(failure.retryable())
                .setAttempts(attempts)
                .setNextAttemptAt(nextAttemptAt == null ? null : nextAttemptAt.truncatedTo(ChronoUnit.MILLIS))
                .setProviderRecordingId(job.providerRecordingId())
                .build();
    }

    private void send(String topic, FetchJob job, SpecificRecord event) {
        try {
            publisher.publish(new ProducerRecord<>(topic, job.recordingId().toString(), event));
        } catch (PublishFailedException e) {
            throw new InfrastructureException("cannot publish " + event.getSchema().getName() + " for recording "
                    + job.recordingId() + " to " + topic, e);
        }
    }

    private void count(FetchJob job, String outcome, String code) {
        meters.counter("callvault.fetch.outcomes", "provider", job.provider().name(), "outcome", outcome,
                "code", code).increment();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
