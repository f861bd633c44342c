package dev.callvault.storage.catalog;

import dev.callvault.events.DeletionReason;
import dev.callvault.storage.analysis.RecordingAnalyses;
import dev.callvault.storage.analysis.RecordingRenditions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes recordings, at a data subject's request or when their retention ran out, and finds the ones to delete and
 * the deletions still to announce. Every deletion locks the recording's row ({@code SELECT ... FOR UPDATE}) and runs
 * the object-storage step while holding the lock, so a hold placed at the same moment ({@link LegalHolds}, which
 * locks the row too) either comes first (and the deletion is refused) or finds the recording deleted; never an object
 * deleted under a hold.
 */
@Component
public class RecordingDeletions {

    private final RecordingRepository recordings;
    private final RecordingAnalyses analyses;
    private final RecordingRenditions renditions;
    private final Clock clock;

    RecordingDeletions(RecordingRepository recordings, RecordingAnalyses analyses, RecordingRenditions renditions,
            Clock clock) {
        this.recordings = recordings;
        this.analyses = analyses;
        this.renditions = renditions;
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
    public Result deleteOnRequest(UUID recordingId, String tenantId, String deletedBy,
            Consumer<Recording> deleteObject) {
        Optional<Recording> found = recordings.findForUpdate(recordingId)
                .filter(recording -> recording.getTenantId().equals(tenantId));
        if (found.isEmpty()) {
            return new Result(DeletionOutcome.NOT_FOUND, null);
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
    public Result deleteExpired(UUID recordingId, Instant cutoff, Consumer<Recording> deleteObject) {
        Optional<Recording> found = recordings.findForUpdate(recordingId);
        if (found.isEmpty()) {
            return new Result(DeletionOutcome.NOT_FOUND, null);
        }
        Recording recording = found.get();
        Instant callEndedAt = recording.getCall().callEndedAt();
        Instant since = callEndedAt != null ? callEndedAt : recording.getCreatedAt();
        if (recording.getStatus() != RecordingStatus.DELETED && !recording.getLegalHold().held()
                && !since.isBefore(cutoff)) {
            return new Result(DeletionOutcome.NOT_EXPIRED, recording);
        }
        return delete(recording, DeletionReason.RETENTION, null, deleteObject);
    }

    private Result delete(Recording recording, DeletionReason reason, String deletedBy,
            Consumer<Recording> deleteObject) {
        if (recording.getStatus() == RecordingStatus.DELETED) {
            return new Result(DeletionOutcome.ALREADY_DELETED, recording);
        }
        if (recording.getLegalHold().held()) {
            return new Result(DeletionOutcome.ON_HOLD, recording);
        }
        deleteObject.accept(recording);
        recording.markDeleted(reason, deletedBy, clock.instant());
        analyses.forget(recording.getId());
        renditions.forget(recording.getId());
        return new Result(DeletionOutcome.DELETED, recording);
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
     * @param tenantId the tenant
     * @param cutoff   its retention cut-off
     * @param after    last id of the previous page, or {@link KnownRecordings#FIRST}
     * @param limit    page size, at least 1
     * @return ids of one page of its recordings past retention and not on hold, in id order
     */
    @Transactional(readOnly = true)
    public List<UUID> expired(String tenantId, Instant cutoff, UUID after, int limit) {
        return recordings.findExpiredIds(tenantId, cutoff, after, PageRequest.of(0, limit));
    }

    /**
     * @param after last id of the previous page, or {@link KnownRecordings#FIRST}
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
     * What one deletion did.
     *
     * @param outcome   what happened
     * @param recording the entry after it, detached once the transaction ended; {@code null} when not found
     */
    public record Result(DeletionOutcome outcome, Recording recording) {
    }
}
