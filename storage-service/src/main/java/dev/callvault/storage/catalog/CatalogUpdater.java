package dev.callvault.storage.catalog;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import dev.callvault.storage.messaging.NonRetryableEventException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies lifecycle events to the catalog, one transaction per event: the {@code processed_event} claim, the row
 * (locked with {@code SELECT ... FOR UPDATE}) and its transition commit together, so a redelivered event changes
 * nothing and two events of one recording never interleave.
 *
 * <p>Events of one recording arrive on different topics without mutual order, so any of them may create the entry.
 * A concurrent creation of the same row fails on the primary key; the listener's error handler retries it and the
 * retry finds the row.
 */
@Service
class CatalogUpdater {

    private static final Logger log = LoggerFactory.getLogger(CatalogUpdater.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final RecordingRepository recordings;
    private final ProcessedEventRepository processedEvents;
    private final Clock clock;

    CatalogUpdater(RecordingRepository recordings, ProcessedEventRepository processedEvents, Clock clock) {
        this.recordings = recordings;
        this.processedEvents = processedEvents;
        this.clock = clock;
    }

    /**
     * Applies a {@code CallEnded}: creates the entry {@code PENDING} ({@code UNAVAILABLE} when the provider has no
     * audio) or fills the call's details into an existing entry without changing a later status. A {@code DELETED}
     * entry is left as it is (a replay never resurrects or refills it).
     *
     * @return what happened
     * @throws TenantMismatchException   if the entry belongs to another tenant
     * @throws NonRetryableEventException if the event lacks its tenant
     */
    @Transactional
    public Outcome apply(CallEnded event, String topic) {
        requireTenant(event.getTenantId(), event.getRecordingId());
        Instant now = clock.instant();
        if (!claim(event.getEventId(), topic, now)) {
            return Outcome.DUPLICATE;
        }
        Recording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), event.getProvider(), now);
        if (recording.getStatus() == RecordingStatus.DELETED) {
            // a replayed call must not refill what the deletion erased
            return Outcome.IGNORED;
        }
        Instant callEndedAt = event.getCallEndedAt();
        if (callEndedAt == null && recording.getCallEndedAt() == null) {
            callEndedAt = event.getOccurredAt();
        }
        recording.applyCallDetails(new CallDetails(event.getProviderCallId(), event.getProviderRecordingId(),
                event.getProviderAccountId(), event.getCallStartedAt(), callEndedAt, event.getDurationSeconds(),
                event.getChannels(), event.getDirection(), event.getAgentId(), event.getFromNumber(),
                event.getToNumber(), event.getMetadata()), now);
        if (Boolean.FALSE.equals(event.getRecordingAvailable())
                && recording.markUnavailable(event.getUnavailableReason(), now)) {
            log.info("recording {} of tenant {} is UNAVAILABLE at the provider", recording.getId(),
                    recording.getTenantId());
        }
        return save(recording, Outcome.APPLIED);
    }

    /**
     * Applies a {@code RecordingStored}: the entry becomes {@code AVAILABLE} with its object's location, size,
     * checksum and content type, and is created if no other event came first.
     *
     * @return what happened
     * @throws TenantMismatchException   if the entry belongs to another tenant
     * @throws NonRetryableEventException if the event lacks its tenant, or its size or checksum is malformed
     */
    @Transactional
    public Outcome apply(RecordingStored event, String topic) {
        requireTenant(event.getTenantId(), event.getRecordingId());
        if (event.getSizeBytes() < 0 || event.getSha256() == null || !SHA256_HEX.matcher(event.getSha256()).matches()) {
            throw new NonRetryableEventException("RecordingStored " + event.getEventId()
                    + " carries a negative size or a checksum that is not 64 lowercase hex digits");
        }
        Instant now = clock.instant();
        if (!claim(event.getEventId(), topic, now)) {
            return Outcome.DUPLICATE;
        }
        Recording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), event.getProvider(), now);
        boolean changed = recording.markStored(new StoredObject(event.getBucket(), event.getObjectKey(),
                event.getContentType(), event.getSizeBytes(), event.getSha256(), event.getServerSideEncryption(),
                event.getEncryptionKeyId(), event.getDurationSeconds(),
                event.getChannels(), event.getCallEndedAt(), event.getOccurredAt()), now);
        if (changed) {
            log.info("recording {} of tenant {} is AVAILABLE ({} bytes)", recording.getId(),
                    recording.getTenantId(), event.getSizeBytes());
        }
        return save(recording, changed ? Outcome.APPLIED : Outcome.IGNORED);
    }

    /**
     * Applies a {@code RecordingFetchFailed}: the entry becomes {@code FAILED} with the reason, error code,
     * retryable flag, attempts and next attempt time, unless it is {@code AVAILABLE} or {@code DELETED}; created if
     * missing.
     *
     * @return what happened
     * @throws TenantMismatchException   if the entry belongs to another tenant
     * @throws NonRetryableEventException if the event lacks its tenant or reports negative attempts
     */
    @Transactional
    public Outcome apply(RecordingFetchFailed event, String topic) {
        requireTenant(event.getTenantId(), event.getRecordingId());
        if (event.getAttempts() < 0) {
            throw new NonRetryableEventException("RecordingFetchFailed " + event.getEventId()
                    + " reports negative attempts");
        }
        Instant now = clock.instant();
        if (!claim(event.getEventId(), topic, now)) {
            return Outcome.DUPLICATE;
        }
        Recording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), event.getProvider(), now);
        boolean changed = recording.markFetchFailed(new FetchFailure(event.getReason(), event.getErrorCode(),
                event.getRetryable(), event.getAttempts(), event.getOccurredAt(), event.getNextAttemptAt()), now);
        if (changed) {
            log.info("recording {} of tenant {} is FAILED ({}, retryable={})", recording.getId(),
                    recording.getTenantId(), event.getErrorCode(), event.getRetryable());
        }
        return save(recording, changed ? Outcome.APPLIED : Outcome.IGNORED);
    }

    private boolean claim(UUID eventId, String topic, Instant now) {
        return processedEvents.insertIfAbsent(eventId, topic, now) == 1;
    }

    private Recording findOrCreate(UUID recordingId, String tenantId, Provider provider, Instant now) {
        Optional<Recording> existing = recordings.findForUpdate(recordingId);
        if (existing.isEmpty()) {
            return Recording.create(recordingId, tenantId, provider, now);
        }
        Recording recording = existing.get();
        if (!recording.getTenantId().equals(tenantId)) {
            log.warn("refusing an event for recording {}: it belongs to tenant {}, the event names tenant {}",
                    recordingId, recording.getTenantId(), tenantId);
            throw new TenantMismatchException(recordingId, tenantId);
        }
        return recording;
    }

    private Outcome save(Recording recording, Outcome outcome) {
        if (recording.isNew()) {
            recordings.saveAndFlush(recording);
        }
        return outcome;
    }

    private static void requireTenant(String tenantId, UUID recordingId) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new NonRetryableEventException("event for recording " + recordingId + " names no tenant");
        }
    }

    /** What applying one event did. */
    enum Outcome {
        /** The catalog changed. */
        APPLIED,
        /** The event was valid but changes nothing in the entry's current state (e.g. a failure after AVAILABLE). */
        IGNORED,
        /** The event id was processed before. */
        DUPLICATE
    }
}
