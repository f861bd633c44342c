package dev.callvault.storage.orphans;

import dev.callvault.storage.orphans.OrphanFindings.EntryWithoutObject;
import dev.callvault.storage.orphans.OrphanFindings.ObjectWithoutEntry;
import dev.callvault.storage.orphans.OrphanFindings.TenantFindings;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /v1/admin/orphans}: one tenant's findings of the last scan.
 *
 * @param scannedAt                 when the scan started, {@code null} before the first scan of this instance
 * @param objectsWithoutEntryCount  objects under the tenant's prefix that no {@code AVAILABLE} entry owns
 * @param entriesWithoutObjectCount the tenant's {@code AVAILABLE} entries whose object is missing
 * @param objectsWithoutEntry       the first {@value OrphanFindings#MAX_LISTED} of the objects
 * @param entriesWithoutObject      the first {@value OrphanFindings#MAX_LISTED} of the entries
 */
record OrphansResponse(Instant scannedAt, long objectsWithoutEntryCount, long entriesWithoutObjectCount,
        List<ObjectWithoutEntry> objectsWithoutEntry, List<EntryWithoutObject> entriesWithoutObject) {

    static OrphansResponse of(Instant scannedAt, TenantFindings findings) {
        return new OrphansResponse(scannedAt, findings.objectsWithoutEntry(), findings.entriesWithoutObject(),
                findings.listedObjectsWithoutEntry(), findings.listedEntriesWithoutObject());
    }
}
