package dev.callvault.playback.readmodel;

import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import dev.callvault.playback.messaging.NonRetryableEventException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies lifecycle events to the read model, one transaction per event: the {@code processed_event} claim, the row
 * (locked with {@code SELECT ... FOR UPDATE}) and its transition commit together, so a redelivered event changes
 * nothing. A status change is announced as {@link RecordingStatusChanged} once the transaction committed.
 */
@Service
class ReadModelUpdater {

    private static final Logger log = LoggerFactory.getLogger(ReadModelUpdater.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final PlaybackRecordingRepository recordings;
    private final ProcessedEventRepository processedEvents;
    private final ApplicationEventPublisher applicationEvents;
    private final Clock clock;

    ReadModelUpdater(PlaybackRecordingRepository recordings, ProcessedEventRepository processedEvents,
            ApplicationEventPublisher applicationEvents, Clock clock) {
        this.recordings = recordings;
        this.processedEvents = processedEvents;
        this.applicationEvents = applicationEvents;
        this.clock = clock;
    }

    /** What applying one event did. */
    enum Outcome {
        /** The status changed. */
        CHANGED,
        /** Applied without a status change (details filled in, or nothing to do in the current state). */
        UNCHANGED,
        /** The event id was processed before. */
        DUPLICATE
    }

    @Transactional
    public Outcome apply(CallEnded event, String topic) {
        requireTenant(event.getTenantId(), event.getRecordingId());
        Instant now = clock.instant();
        if (!claim(event.getEventId(), topic, now)) {
            return Outcome.DUPLICATE;
        }
        PlaybackRecording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), now);
        Instant endedAt = event.getCallEndedAt() != null ? event.getCallEndedAt() : event.getOccurredAt();
        boolean changed = recording.callEnded(endedAt, !Boolean.FALSE.equals(event.getRecordingAvailable()), now);
        return save(recording, changed);
    }

    @Transactional
    public Outcome apply(RecordingStored event, String topic) {
        requireTenant(event.getTenantId(), event.getRecordingId());
        if (event.getSizeBytes() < 0 || event.getSha256() == null || !SHA256_HEX.matcher(event.getSha256()).matches()
                || event.getObjectKey() == null || event.getObjectKey().isBlank()) {
            throw new NonRetryableEventException("RecordingStored " + event.getEventId() + " carries a negative size,"
                    + " no object key or a checksum that is not 64 lowercase hex digits");
        }
        Instant now = clock.instant();
        if (!claim(event.getEventId(), topic, now)) {
            return Outcome.DUPLICATE;
        }
        PlaybackRecording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), now);
        boolean changed = recording.stored(event.getBucket(), event.getObjectKey(), event.getContentType(),
                event.getSizeBytes(), event.getSha256(), event.getOccurredAt(), event.getCallEndedAt(), now);
        return save(recording, changed);
    }

    @Transactional
    public Outcome apply(RecordingFetchFailed event, String topic) {
        requireTenant(event.getTenantId(), event.getRecordingId());
        Instant now = clock.instant();
        if (!claim(event.getEventId(), topic, now)) {
            return Outcome.DUPLICATE;
        }
        PlaybackRecording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), now);
        boolean changed = recording.fetchFailed(event.getErrorCode(), event.getOccurredAt(), now);
        return save(recording, changed);
    }

    @Transactional
    public Outcome apply(RecordingDeleted event, String topic) {
        requireTenant(event.getTenantId(), event.getRecordingId());
        Instant now = clock.instant();
        if (!claim(event.getEventId(), topic, now)) {
            return Outcome.DUPLICATE;
        }
        PlaybackRecording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), now);
        boolean changed = recording.deleted(event.getOccurredAt(), now);
        return save(recording, changed);
    }

    private boolean claim(UUID eventId, String topic, Instant now) {
        return processedEvents.insertIfAbsent(eventId, topic, now) == 1;
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
