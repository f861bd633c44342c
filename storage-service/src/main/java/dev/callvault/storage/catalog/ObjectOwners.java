package dev.callvault.storage.catalog;

import dev.callvault.events.ObjectKeys;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which entries own the objects in the bucket, and the locked deletion of an object no entry owns (the orphan scan's
 * direction "objects without an entry").
 */
@Component
public class ObjectOwners {

    private final RecordingRepository recordings;

    ObjectOwners(RecordingRepository recordings) {
        this.recordings = recordings;
    }

    /**
     * One query for a page of the bucket listing.
     *
     * @param recordingIds recording ids taken from object keys (a page: a few hundred at most)
     * @return the entries of those ids that exist (any tenant, any status), by id
     */
    @Transactional(readOnly = true)
    public Map<UUID, ObjectOwner> find(Collection<UUID> recordingIds) {
        if (recordingIds.isEmpty()) {
            return Map.of();
        }
        return recordings.findAllById(recordingIds).stream()
                .map(ObjectOwner::of)
                .collect(Collectors.toMap(ObjectOwner::recordingId, Function.identity()));
    }

    /**
     * Deletes an object that no {@code AVAILABLE} entry owns, with the entry's row (if there is one) locked, so that
     * a legal hold or a {@code RecordingStored} applied meanwhile wins. An object whose key names another tenant than
     * the entry of its recording id is never deleted: it is not that entry's stale object but another tenant's audio
     * (two tenants shared one recording id before ids included the tenant), and is left for a person.
     *
     * @param recordingId  the recording id in the object's key
     * @param keyTenantId  the tenant in the object's key (its first segment)
     * @param bucket       the object's bucket
     * @param objectKey    the object's key
     * @param deleteObject deletes the object; a runtime exception propagates
     * @return what happened
     */
    @Transactional
    public OrphanDeletion deleteUnowned(UUID recordingId, String keyTenantId, String bucket, String objectKey,
            Runnable deleteObject) {
        ObjectOwner owner = recordings.findForUpdate(recordingId).map(ObjectOwner::of).orElse(null);
        if (owner != null && owner.owns(bucket, objectKey)) {
            return OrphanDeletion.OWNED;
        }
        if (owner != null && !owner.tenantId().equals(keyTenantId)) {
            return OrphanDeletion.OTHER_TENANT;
        }
        if (owner != null && owner.legalHold()) {
            return OrphanDeletion.ON_HOLD;
        }
        deleteObject.run();
        return OrphanDeletion.DELETED;
    }

    /** What {@link #deleteUnowned} did. */
    public enum OrphanDeletion {
        /** The object was deleted. */
        DELETED,
        /** The entry is on legal hold: the object is kept. */
        ON_HOLD,
        /** The entry owns the object (again): it is not an orphan. */
        OWNED,
        /** The entry belongs to another tenant than the object's key: the object is kept. */
        OTHER_TENANT
    }

    /**
     * The parts of an entry that decide whether it owns an object.
     *
     * @param recordingId the recording
     * @param tenantId    its tenant
     * @param status      its status
     * @param bucket      its object's bucket, {@code null} for the configured one
     * @param objectKey   its object's key, or {@code null}
     * @param legalHold   whether it is on legal hold
     */
    public record ObjectOwner(UUID recordingId, String tenantId, RecordingStatus status, String bucket,
            String objectKey, boolean legalHold) {

        static ObjectOwner of(Recording recording) {
            StoredObject object = recording.getStoredObject();
            return new ObjectOwner(recording.getId(), recording.getTenantId(), recording.getStatus(),
                    object.bucket(), object.objectKey(), recording.getLegalHold().held());
        }

        /**
         * @param objectBucket the bucket of an object in the listing (the configured one)
         * @param key          its key
         * @return whether this entry is {@code AVAILABLE} with exactly that object, or a derivative of it
         *         ({@code ObjectKeys.isDerivativeOf}: its waveform peaks, its Opus rendition)
         */
        public boolean owns(String objectBucket, String key) {
            return status == RecordingStatus.AVAILABLE
                    && (key.equals(objectKey) || ObjectKeys.isDerivativeOf(key, objectKey))
                    && (bucket == null || bucket.equals(objectBucket));
        }
    }
}
