package dev.callvault.playback.readmodel;

import dev.callvault.events.CallEnded;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import dev.callvault.platform.kafka.NonRetryableEventException;
import dev.callvault.platform.storage.ObjectStorageProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies lifecycle events to the read model inside the caller's transaction, which the consumer
 * ({@link ReadModelEventListener}, through the platform's {@code EventBatchProcessor}) opens for a whole poll together
 * with the {@code processed_event} claims of its events: the rows (locked with {@code SELECT ... FOR UPDATE}), their
 * transitions and the claims commit together, so a redelivered event changes nothing. A status change is announced
 * as {@link RecordingStatusChanged} once the transaction committed.
 */
@Service
class ReadModelUpdater {

    private static final Logger log = LoggerFactory.getLogger(ReadModelUpdater.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final PlaybackRecordingRepository recordings;
    private final ApplicationEventPublisher applicationEvents;
    private final Renditions renditions;
    private final Clock clock;
    private final String bucket;

    ReadModelUpdater(PlaybackRecordingRepository recordings, Renditions renditions,
            ApplicationEventPublisher applicationEvents, Clock clock, ObjectStorageProperties storage) {
        this.bucket = storage.bucket();
        this.recordings = recordings;
        this.renditions = renditions;
        this.applicationEvents = applicationEvents;
        this.clock = clock;
    }

    /** What applying one event did. */
    enum Outcome {
        /** The status changed. */
        CHANGED,
        /** Applied without a status change (details filled in, or nothing to do in the current state). */
        UNCHANGED
    }

    /**
     * Checks what an event must carry, before anything is applied.
     *
     * @param event a {@code CallEnded}, {@code RecordingStored}, {@code RecordingFetchFailed} or
     *              {@code RecordingDeleted}
     * @throws NonRetryableEventException if it lacks its tenant, or a {@code RecordingStored} carries a negative size,
     *                                    a malformed checksum, another bucket than the recordings bucket or an
     *                                    object key outside its tenant's prefix
     */
    public void validate(SpecificRecord event) {
        switch (event) {
            case CallEnded e -> requireTenant(e.getTenantId(), e.getRecordingId());
            case RecordingStored e -> {
                requireTenant(e.getTenantId(), e.getRecordingId());
                if (e.getSizeBytes() < 0 || e.getSha256() == null || !SHA256_HEX.matcher(e.getSha256()).matches()
                        || e.getObjectKey() == null || e.getObjectKey().isBlank()) {
                    throw new NonRetryableEventException("RecordingStored " + e.getEventId() + " carries a negative"
                            + " size, no object key or a checksum that is not 64 lowercase hex digits");
                }
                if (e.getBucket() != null && !e.getBucket().equals(bucket)) {
                    throw new NonRetryableEventException("RecordingStored " + e.getEventId() + " names bucket "
                            + e.getBucket() + ", not the recordings bucket");
                }
                if (!ObjectKeys.belongsTo(e.getObjectKey(), e.getTenantId())) {
                    throw new NonRetryableEventException("RecordingStored " + e.getEventId()
                            + " names an object key outside its tenant's prefix " + e.getTenantId() + "/");
                }
            }
            case RecordingFetchFailed e -> requireTenant(e.getTenantId(), e.getRecordingId());
            case RecordingDeleted e -> requireTenant(e.getTenantId(), e.getRecordingId());
            case RecordingDerived e -> renditions.validate(e);
            default -> throw new NonRetryableEventException(event.getSchema().getName()
                    + " is not a read-model event");
        }
    }

    /**
     * Applies a {@code CallEnded}.
     *
     * @param event the event
     * @return whether the status changed
     * @throws NonRetryableEventException if the event lacks its tenant or names another tenant than the row's
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(CallEnded event) {
        validate(event);
        Instant now = clock.instant();
        PlaybackRecording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), now);
        Instant endedAt = event.getCallEndedAt() != null ? event.getCallEndedAt() : event.getOccurredAt();
        boolean changed = recording.callEnded(endedAt, !Boolean.FALSE.equals(event.getRecordingAvailable()), now);
        return save(recording, changed);
    }

    /**
     * Applies a {@code RecordingStored}.
     *
     * @param event the event
     * @return whether the status changed
     * @throws NonRetryableEventException if the event lacks its tenant or names another tenant than the row's
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(RecordingStored event) {
        validate(event);
        Instant now = clock.instant();
        PlaybackRecording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), now);
        boolean changed = recording.stored(event.getBucket(), event.getObjectKey(), event.getContentType(),
                event.getSizeBytes(), event.getSha256(), event.getOccurredAt(), event.getCallEndedAt(), now);
        return save(recording, changed);
    }

    /**
     * Applies a {@code RecordingFetchFailed}.
     *
     * @param event the event
     * @return whether the status changed
     * @throws NonRetryableEventException if the event lacks its tenant or names another tenant than the row's
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(RecordingFetchFailed event) {
        validate(event);
        Instant now = clock.instant();
        PlaybackRecording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), now);
        boolean changed = recording.fetchFailed(event.getErrorCode(), event.getOccurredAt(),
                event.getNextAttemptAt() != null, now);
        return save(recording, changed);
    }

    /**
     * Applies a {@code RecordingDeleted}.
     *
     * @param event the event
     * @return whether the status changed
     * @throws NonRetryableEventException if the event lacks its tenant or names another tenant than the row's
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(RecordingDeleted event) {
        validate(event);
        Instant now = clock.instant();
        PlaybackRecording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), now);
        boolean changed = recording.deleted(event.getOccurredAt(), now);
        renditions.deleteAll(event.getRecordingId());
        return save(recording, changed);
    }

    /**
     * Applies a {@code RecordingDerived}: the rendition becomes streamable while it was derived from the
     * recording's current object; ignored for a deleted recording (a late fact never brings a rendition back).
     *
     * @return {@link Outcome#UNCHANGED}: a rendition never changes the recording's status
     * @throws TenantMismatchException   if the recording belongs to another tenant
     * @throws NonRetryableEventException if the fact is malformed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(RecordingDerived event) {
        validate(event);
        Optional<PlaybackRecording> existing = recordings.findForUpdate(event.getRecordingId());
        if (existing.isPresent() && !existing.get().getTenantId().equals(event.getTenantId())) {
            throw new TenantMismatchException(event.getRecordingId(), event.getTenantId());
        }
        if (existing.isPresent() && existing.get().getStatus() == RecordingStatus.DELETED) {
            return Outcome.UNCHANGED;
        }
        renditions.upsert(event);
        return Outcome.UNCHANGED;
    }

    private PlaybackRecording findOrCreate(UUID recordingId, String tenantId, Instant now) {
        Optional<PlaybackRecording> existing = recordings.findForUpdate(recordingId);
        if (existing.isEmpty()) {
            return PlaybackRecording.create(recordingId, tenantId, now);
        }
        PlaybackRecording recording = existing.get();
        if (!recording.getTenantId().equals(tenantId)) {
            log.warn("refusing an event for recording {}: it belongs to tenant {}, the event names tenant {}",
                    recordingId, recording.getTenantId(), tenantId);
            throw new TenantMismatchException(recordingId, tenantId);
        }
        return recording;
    }

    private Outcome save(PlaybackRecording recording, boolean statusChanged) {
        if (recording.isNew()) {
            recordings.saveAndFlush(recording);
        }
        if (statusChanged) {
            log.info("recording {} of tenant {} is {}", recording.getId(), recording.getTenantId(),
                    recording.getStatus());
            applicationEvents.publishEvent(new RecordingStatusChanged(recording.getTenantId(), recording.getId(),
                    recording.getStatus()));
            return Outcome.CHANGED;
        }
        return Outcome.UNCHANGED;
    }

    private static void requireTenant(String tenantId, UUID recordingId) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new NonRetryableEventException("event for recording " + recordingId + " names no tenant");
        }
    }
}
