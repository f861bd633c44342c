package dev.callvault.storage.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code AVAILABLE} entries whose objects are checked, and the note that an entry's missing object is being
 * re-requested (column {@code orphan_repair_requested_at}; the orphan scan's direction "entries without an object").
 */
@Component
public class OrphanRepairs {

    private final RecordingRepository recordings;

    OrphanRepairs(RecordingRepository recordings) {
        this.recordings = recordings;
    }

    /**
     * @param after last id of the previous page, or {@link KnownRecordings#FIRST}
     * @param limit page size, at least 1
     * @return one page of {@code AVAILABLE} entries of every tenant, in id order, detached
     */
    @Transactional(readOnly = true)
    public List<Recording> available(UUID after, int limit) {
        return recordings.findAvailable(after, PageRequest.of(0, limit));
    }

    /**
     * Notes that the entry's missing object is being re-requested, unless the entry changed (no longer
     * {@code AVAILABLE} with that key) or was re-requested at or after {@code notBefore}.
     *
     * @param recordingId the entry
     * @param objectKey   its object's key, as the check found it missing
     * @param now         the re-request time to note
     * @param notBefore   an earlier re-request at or after this instant makes this one wait
     * @return whether it was noted (and the request should go out)
     */
    @Transactional
    public boolean markRequested(UUID recordingId, String objectKey, Instant now, Instant notBefore) {
        return recordings.markOrphanRepairRequested(recordingId, objectKey, now, notBefore) == 1;
    }

    /**
     * Puts back the previous re-request time of an entry whose request was not acknowledged.
     *
     * @param recordingId the entry
     * @param previous    its re-request time before {@link #markRequested}, or {@code null}
     */
    @Transactional
    public void resetRequested(UUID recordingId, Instant previous) {
        recordings.resetOrphanRepairRequested(recordingId, previous);
    }
}
