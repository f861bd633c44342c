package dev.callvault.storage.catalog;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places and releases legal holds. Each change locks the recording's row ({@code SELECT ... FOR UPDATE}) and runs the
 * object-storage step while holding the lock, so a deletion at the same moment ({@link RecordingDeletions}, which
 * locks the row too) either finds the hold (and is refused) or comes first (and the hold is refused with
 * {@link RecordingDeletedException}); never an object deleted under a hold.
 */
@Component
public class LegalHolds {

    private final RecordingRepository recordings;
    private final Clock clock;

    LegalHolds(RecordingRepository recordings, Clock clock) {
        this.recordings = recordings;
        this.clock = clock;
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
    public Recording place(UUID recordingId, String tenantId, String reason, String placedBy,
            Function<Recording, Boolean> applyInStore) {
        Recording recording = ownedForUpdate(recordingId, tenantId);
        if (recording.getStatus() == RecordingStatus.DELETED) {
            throw new RecordingDeletedException(recordingId);
        }
        recording.placeLegalHold(reason, placedBy, clock.instant());
        recording.recordStoreLegalHold(
                recording.getStoredObject().objectKey() == null ? null : applyInStore.apply(recording));
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
    public HoldRelease release(UUID recordingId, String tenantId, Function<Recording, Boolean> releaseInStore) {
        Recording recording = ownedForUpdate(recordingId, tenantId);
        boolean heldInStore = Boolean.TRUE.equals(recording.getLegalHold().inStore());
        boolean released = recording.releaseLegalHold(clock.instant());
        Boolean releasedInStore = released && heldInStore ? releaseInStore.apply(recording) : null;
        return new HoldRelease(recording, released, releasedInStore);
    }

    private Recording ownedForUpdate(UUID recordingId, String tenantId) {
        return recordings.findForUpdate(recordingId)
                .filter(recording -> recording.getTenantId().equals(tenantId))
                .orElseThrow(() -> new RecordingNotFoundException(recordingId));
    }

    /**
     * What a release did.
     *
     * @param recording       the entry after the release
     * @param released        whether a hold was in place and is now released
     * @param releasedInStore whether object storage released its hold too; {@code null} when it held none
     */
    public record HoldRelease(Recording recording, boolean released, Boolean releasedInStore) {
    }
}
