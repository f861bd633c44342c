package dev.callvault.storage.orphans;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one orphan scan found, by tenant (the first segment of an object's key, the tenant of an entry). Each tenant
 * keeps exact counts and the first {@value #MAX_LISTED} findings of each kind, so memory is bounded per tenant
 * however many orphans there are.
 *
 * @param scannedAt when the scan started
 * @param tenants   each tenant's findings; tenants without any are absent
 */
public record OrphanFindings(Instant scannedAt, Map<String, TenantFindings> tenants) {

    /** Findings of each kind listed per tenant; the counts go on beyond it. */
    public static final int MAX_LISTED = 1000;

    /**
     * @param tenantId a tenant
     * @return its findings, empty when it has none
     */
    public TenantFindings of(String tenantId) {
        return tenants.getOrDefault(tenantId, TenantFindings.NONE);
    }

    /** What the scan did with an object that no {@code AVAILABLE} entry owns. */
    public enum ObjectAction {
        /** Older than the grace period and not on hold: deleted. */
        DELETED,
        /** Younger than the grace period (perhaps still on its way into the catalog): kept, not counted. */
        KEPT_GRACE_PERIOD,
        /** Its recording is on legal hold: kept. */
        KEPT_LEGAL_HOLD,
        /**
         * The entry of the recording id in its key belongs to another tenant than the key: kept, since it is that
         * other tenant's audio and not the entry's stale object (ids did not include the tenant before); a person
         * decides.
         */
        KEPT_OTHER_TENANT,
        /** Object storage refused or failed the deletion: retried by the next scan. */
        DELETE_FAILED
    }

    /** What the scan did about an {@code AVAILABLE} entry whose object is missing. */
    public enum EntryAction {
        /** A {@code FetchRequested} (reason {@code ORPHAN_REPAIR}) was published and acknowledged. */
        FETCH_REQUESTED,
        /** An earlier scan requested it less than a grace period ago: not requested again yet. */
        FETCH_REQUESTED_EARLIER,
        /** No provider to fetch it from (a direct upload, or the provider recording id is unknown). */
        NOT_REFETCHABLE,
        /** The broker did not acknowledge the request: retried by the next scan. */
        REQUEST_FAILED
    }

    /**
     * An object that no {@code AVAILABLE} entry owns (no entry, an entry in another status, or one with another key).
     *
     * @param objectKey    its key
     * @param sizeBytes    its size, bytes
     * @param lastModified when it was written
     * @param action       what the scan did
     */
    public record ObjectWithoutEntry(String objectKey, long sizeBytes, Instant lastModified, ObjectAction action) {
    }

    /**
     * An {@code AVAILABLE} entry whose object is missing.
     *
     * @param recordingId the recording
     * @param objectKey   the key of its missing object
     * @param action      what the scan did
     */
    public record EntryWithoutObject(UUID recordingId, String objectKey, EntryAction action) {
    }

    /**
     * One tenant's findings.
     *
     * @param objectsWithoutEntry        objects without an entry found (also those younger than the grace period)
     * @param entriesWithoutObject       entries without an object found
     * @param listedObjectsWithoutEntry  the first {@value #MAX_LISTED} of them, in key order
     * @param listedEntriesWithoutObject the first {@value #MAX_LISTED} of them, in recording id order
     */
    public record TenantFindings(long objectsWithoutEntry, long entriesWithoutObject,
            List<ObjectWithoutEntry> listedObjectsWithoutEntry, List<EntryWithoutObject> listedEntriesWithoutObject) {

        static final TenantFindings NONE = new TenantFindings(0, 0, List.of(), List.of());
    }

    /** Collects a scan's findings; not thread-safe (one scan runs at a time). */
    static final class Builder {

        private final Instant scannedAt;
        private final Map<String, Tenant> tenants = new TreeMap<>();

        Builder(Instant scannedAt) {
            this.scannedAt = scannedAt;
        }

        void objectWithoutEntry(String tenantId, ObjectWithoutEntry finding) {
            Tenant tenant = tenants.computeIfAbsent(tenantId, id -> new Tenant());
            tenant.objects++;
            if (tenant.listedObjects.size() < MAX_LISTED) {
                tenant.listedObjects.add(finding);
            }
        }

        void entryWithoutObject(String tenantId, EntryWithoutObject finding) {
            Tenant tenant = tenants.computeIfAbsent(tenantId, id -> new Tenant());
            tenant.entries++;
            if (tenant.listedEntries.size() < MAX_LISTED) {
                tenant.listedEntries.add(finding);
            }
        }

        OrphanFindings build() {
            Map<String, TenantFindings> built = new TreeMap<>();
            tenants.forEach((id, tenant) -> built.put(id, new TenantFindings(tenant.objects, tenant.entries,
                    List.copyOf(tenant.listedObjects), List.copyOf(tenant.listedEntries))));
            return new OrphanFindings(scannedAt, Map.copyOf(built));
        }

        private static final class Tenant {
            private long objects;
            private long entries;
            private final List<ObjectWithoutEntry> listedObjects = new ArrayList<>();
            private final List<EntryWithoutObject> listedEntries = new ArrayList<>();
        }
    }
}
