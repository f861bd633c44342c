package dev.callvault.storage.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which recordings the catalog knows, read-only: a tenant's entries that can be fetched again, page by page, and which
 * of a listing's recording ids have an entry.
 */
@Component
public class KnownRecordings {

    /**
     * The id before every other in PostgreSQL's {@code uuid} order: where a keyset walk over the catalog starts (here,
     * and in {@link RecordingDeletions} and {@link OrphanRepairs}).
     */
    public static final UUID FIRST = new UUID(0L, 0L);

    private final RecordingRepository recordings;

    KnownRecordings(RecordingRepository recordings) {
        this.recordings = recordings;
    }

    /**
     * One recording of a tenant.
     *
     * @param tenantId    the tenant
     * @param recordingId the recording
     * @return the entry, detached; empty when unknown or another tenant's
     */
    @Transactional(readOnly = true)
    public java.util.Optional<Recording> find(String tenantId, UUID recordingId) {
        return recordings.findByIdAndTenantId(recordingId, tenantId);
    }

    /**
     * One page of a tenant's recordings in {@code status} that can be fetched again (provider recording id known),
     * in id order. Walk all of them by passing the last id of each page as the next {@code after}, starting with
     * {@link #FIRST}; each page is its own short read, so memory stays bounded by {@code limit} however many rows
     * the tenant has.
     *
     * @param tenantId the tenant
     * @param status   the status to walk
     * @param since    only recordings whose call ended at or after this instant, or {@code null} for all
     * @param after    the last id of the previous page, or {@link #FIRST}
     * @param limit    page size, at least 1
     * @return up to {@code limit} entries, detached; empty when the walk is done
     */
    @Transactional(readOnly = true)
    public List<Recording> fetchCandidates(String tenantId, RecordingStatus status, Instant since, UUID after,
            int limit) {
        PageRequest page = PageRequest.of(0, limit);
        return since == null
                ? recordings.findFetchCandidates(tenantId, status, after, page)
                : recordings.findFetchCandidatesEndedSince(tenantId, status, since, after, page);
    }

    /**
     * @param tenantId     the tenant
     * @param recordingIds recording ids (one page of a listing: a few hundred at most)
     * @return those the catalog has an entry of this tenant for, in any status; another tenant's entry under one of
     *         the ids is not counted
     */
    @Transactional(readOnly = true)
    public Set<UUID> known(String tenantId, Collection<UUID> recordingIds) {
        return recordingIds.isEmpty() ? Set.of() : Set.copyOf(recordings.findExistingIds(tenantId, recordingIds));
    }
}
