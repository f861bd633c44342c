package dev.callvault.storage.catalog;

import dev.callvault.events.DeletionReason;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalog side of retention, legal hold and deletion, for the {@code lifecycle} feature. Every change locks the
 * recording's row ({@code SELECT ... FOR UPDATE}) and runs the object-storage step while holding the lock, so a hold
 * placed at the same moment as a deletion either comes first (and the deletion is refused) or finds the recording
 * deleted; never an object deleted under a hold.
 */
@Component
public class CatalogLifecycle {

    private final RecordingRepository recordings;
    private final Clock clock;

    CatalogLifecycle(RecordingRepository recordings, Clock clock) {
        this.recordings = recordings;
        this.clock = clock;
    }

    /**
     * Deletes a recording at a data subject's request: its object through {@code deleteObject} (which must treat a
     * missing object as deleted), then the row becomes {@code DELETED} with reason {@code USER_REQUEST}.
     *
     * @param recordingId  the recording
     * @param tenantId     the caller's tenant; another tenant's recording is {@link DeletionOutcome#NOT_FOUND}
     * @param deletedBy    the caller's subject
     * @param deleteObject writes the recording's tombstone, then deletes the entry's object (bucket and key from the
     *                     entry, which has one unless it was never stored); called for every entry that is deleted; a
     *                     runtime exception rolls the catalog change back
     * @return the outcome and the entry after it ({@code null} when not found)
     */
    @Transactional
    public Deletion deleteOnRequest(UUID recordingId, String tenantId, String deletedBy,
            Consumer<Recording> deleteObject) {
        Optional<Recording> found = recordings.findForUpdate(recordingId)
                .filter(recording -> recording.getTenantId().equals(tenantId));
        if (found.isEmpty()) {
            return new Deletion(DeletionOutcome.NOT_FOUND, null);
        }
        return delete(found.get(), DeletionReason.USER_REQUEST, deletedBy, deleteObject);
    }

    /**
     * Deletes a recording whose retention ran out, if it still qualifies once locked: not deleted, not on hold, and
     * its call end (or creation, when the call end is unknown) before {@code cutoff}.
     *
     * @param recordingId  the recording
     * @param cutoff       the tenant's retention cut-off (now minus its retention)
     * @param deleteObject as for {@link #deleteOnRequest}
     * @return {@link DeletionOutcome#DELETED}, or why not
     */
    @Transactional
    public Deletion deleteExpired(UUID recordingId, Instant cutoff, Consumer<Recording> deleteObject) {
        Optional<Recording> found = recordings.findForUpdate(recordingId);
        if (found.isEmpty()) {
            return new Deletion(DeletionOutcome.NOT_FOUND, null);
        }
        Recording recording = found.get();
        Instant since = recording.getCallEndedAt() != null ? recording.getCallEndedAt() : recording.getCreatedAt();
        if (recording.getStatus() != RecordingStatus.DELETED && !recording.isLegalHold() && !since.isBefore(cutoff)) {
            return new Deletion(DeletionOutcome.NOT_EXPIRED, recording);
        }
        return delete(recording, DeletionReason.RETENTION, null, deleteObject);
    }

    private Deletion delete(Recording recording, DeletionReason reason, String deletedBy,
            Consumer<Recording> deleteObject) {
        if (recording.getStatus() == RecordingStatus.DELETED) {
            return new Deletion(DeletionOutcome.ALREADY_DELETED, recording);
        }
        if (recording.isLegalHold()) {
            return new Deletion(DeletionOutcome.ON_HOLD, recording);
        }
        deleteObject.accept(recording);
        recording.markDeleted(reason, deletedBy, clock.instant());
        return new Deletion(DeletionOutcome.DELETED, recording);
    }

    /**
     * Notes that the broker acknowledged a recording's {@code RecordingDeleted}.
     *
     * @param recordingId the deleted recording
     */
    @Transactional
    public void markDeletionPublished(UUID recordingId) {
        recordings.findForUpdate(recordingId).ifPresent(recording -> recording.markDeletionPublished(clock.instant()));
    }

    /**
     * Places a legal hold (or replaces its reason). {@code applyInStore} is asked to hold the object in storage too
     * and answers whether it could; it is not called for an entry without an object.
     *
     * @param recordingId  the recording
     * @param tenantId     the caller's tenant
     * @param reason       why, 1..500 characters
     * @param placedBy     the caller's subject
     * @param applyInStore places the object-lock legal hold, answers whether the store applied it
     * @return the entry on hold
     * @throws RecordingNotFoundException if the tenant has no such recording
     * @throws RecordingDeletedException  if it is deleted
     */
    @Transactional
    public Recording placeLegalHold(UUID recordingId, String tenantId, String reason, String placedBy,
            Function<Recording, Boolean> applyInStore) {
        Recording recording = ownedForUpdate(recordingId, tenantId);
        if (recording.getStatus() == RecordingStatus.DELETED) {
            throw new RecordingDeletedException(recordingId);
        }
        recording.placeLegalHold(reason, placedBy, clock.instant());
        recording.recordStoreLegalHold(recording.getObjectKey() == null ? null : applyInStore.apply(recording));
        return recording;
    }

    /**
     * Releases a legal hold; {@code releaseInStore} releases the object's hold in storage when one was applied and
     * answers whether the store released it.
     *
     * @param recordingId    the recording
     * @param tenantId       the caller's tenant
     * @param releaseInStore releases the object-lock legal hold
     * @return the entry, and whether a hold was released (releasing twice is harmless)
     * @throws RecordingNotFoundException if the tenant has no such recording
     */
    @Transactional
    public HoldRelease releaseLegalHold(UUID recordingId, String tenantId,
            Function<Recording, Boolean> releaseInStore) {
        Recording recording = ownedForUpdate(recordingId, tenantId);
        boolean heldInStore = Boolean.TRUE.equals(recording.getLegalHoldInStore());
        boolean released = recording.releaseLegalHold(clock.instant());
        Boolean releasedInStore = released && heldInStore ? releaseInStore.apply(recording) : null;
        return new HoldRelease(recording, released, releasedInStore);
    }

    /**
     * @param tenantId the tenant
     * @param cutoff   its retention cut-off
     * @param after    last id of the previous page, or {@link CatalogLookup#FIRST}
     * @param limit    page size, at least 1
     * @return ids of one page of its recordings past retention and not on hold, in id order
     */
    @Transactional(readOnly = true)
    public List<UUID> expired(String tenantId, Instant cutoff, UUID after, int limit) {
        return recordings.findExpiredIds(tenantId, cutoff, after, PageRequest.of(0, limit));
    }

    /**
     * @param after last id of the previous page, or {@link CatalogLookup#FIRST}
     * @param limit page size, at least 1
     * @return ids of one page of deleted recordings whose {@code RecordingDeleted} is not acknowledged yet
     */
    @Transactional(readOnly = true)
    public List<UUID> unpublishedDeletions(UUID after, int limit) {
        return recordings.findUnpublishedDeletionIds(after, PageRequest.of(0, limit));
    }

    /**
     * @param recordingId a recording
     * @return its entry, of any tenant
     */
    @Transactional(readOnly = true)
    public Optional<Recording> find(UUID recordingId) {
        return recordings.findById(recordingId);
    }

    private Recording ownedForUpdate(UUID recordingId, String tenantId) {
        return recordings.findForUpdate(recordingId)
                .filter(recording -> recording.getTenantId().equals(tenantId))
                .orElseThrow(() -> new RecordingNotFoundException(recordingId));
    }

    /** What a deletion did. */
    public enum DeletionOutcome {
        /** The object is gone and the entry is {@code DELETED}. */
        DELETED,
        /** The entry was deleted before; nothing changed. */
        ALREADY_DELETED,
        /** The entry is on legal hold; nothing changed. */
        ON_HOLD,
        /** Retention has not run out for it (any more); nothing changed. */
        NOT_EXPIRED,
        /** No such recording (for the caller's tenant). */
        NOT_FOUND
    }

    /**
     * @param outcome   what happened
     * @param recording the entry after it, detached once the transaction ended; {@code null} when not found
     */
    public record Deletion(DeletionOutcome outcome, Recording recording) {
    }

    /**
     * @param recording the entry after the release
     * @param released        whether a hold was in place and is now released
     * @param releasedInStore whether object storage released its hold too; {@code null} when it held none
     */
    public record HoldRelease(Recording recording, boolean released, Boolean releasedInStore) {
    }
}
