package dev.callvault.storage.catalog;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface RecordingRepository extends JpaRepository<Recording, UUID>, JpaSpecificationExecutor<Recording> {

    /** Loads an entry and locks its row ({@code SELECT ... FOR UPDATE}) until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from Recording r where r.id = :id")
    Optional<Recording> findForUpdate(@Param("id") UUID id);

    /** Loads an entry only if the tenant owns it. */
    Optional<Recording> findByIdAndTenantId(UUID id, String tenantId);

    /** Of the given ids, those that have an entry of the tenant (any status). */
    @Query("select r.id from Recording r where r.tenantId = :tenantId and r.id in :ids")
    List<UUID> findExistingIds(@Param("tenantId") String tenantId, @Param("ids") Collection<UUID> ids);

    /**
     * One keyset page of a tenant's recordings in one status that can be fetched (their provider recording id is
     * known), in id order after {@code after}; served by {@code recording_tenant_status_id_idx}.
     */
    @Query("""
            select r from Recording r where r.tenantId = :tenantId and r.status = :status
            and r.call.providerRecordingId is not null and r.id > :after order by r.id""")
    List<Recording> findFetchCandidates(@Param("tenantId") String tenantId, @Param("status") RecordingStatus status,
            @Param("after") UUID after, Pageable page);

    /** As {@link #findFetchCandidates}, only recordings whose call ended at or after {@code since}. */
    @Query("""
            select r from Recording r where r.tenantId = :tenantId and r.status = :status
            and r.call.providerRecordingId is not null and r.call.callEndedAt >= :since and r.id > :after
            order by r.id""")
    List<Recording> findFetchCandidatesEndedSince(@Param("tenantId") String tenantId,
            @Param("status") RecordingStatus status, @Param("since") Instant since, @Param("after") UUID after,
            Pageable page);

    /**
     * One keyset page of a tenant's recordings past retention: not deleted, not on legal hold, and whose call ended
     * (or, when the call end is unknown, whose entry was created) before {@code cutoff}; in id order after
     * {@code after}, served by {@code recording_retention_idx}.
     */
    @Query("""
            select r.id from Recording r where r.tenantId = :tenantId
            and r.status <> dev.callvault.storage.catalog.RecordingStatus.DELETED and r.legalHold.held = false
            and coalesce(r.call.callEndedAt, r.createdAt) < :cutoff and r.id > :after order by r.id""")
    List<UUID> findExpiredIds(@Param("tenantId") String tenantId, @Param("cutoff") Instant cutoff,
            @Param("after") UUID after, Pageable page);

    /** One keyset page of deleted recordings whose {@code RecordingDeleted} the broker has not acknowledged yet. */
    @Query("""
            select r.id from Recording r where r.status = dev.callvault.storage.catalog.RecordingStatus.DELETED
            and r.deletion.publishedAt is null and r.id > :after order by r.id""")
    List<UUID> findUnpublishedDeletionIds(@Param("after") UUID after, Pageable page);

    /** One keyset page of {@code AVAILABLE} entries of every tenant, in id order after {@code after}. */
    @Query("""
            select r from Recording r where r.status = dev.callvault.storage.catalog.RecordingStatus.AVAILABLE
            and r.id > :after order by r.id""")
    List<Recording> findAvailable(@Param("after") UUID after, Pageable page);

    /**
     * Notes that the orphan scan re-requests the entry's object, if the entry is still {@code AVAILABLE} with that
     * object key and was not re-requested at or after {@code notBefore}.
     *
     * @return 1 if noted, 0 if the entry changed or was re-requested recently
     */
    @Modifying
    @Query("""
            update Recording r set r.orphanRepairRequestedAt = :now where r.id = :id
            and r.status = dev.callvault.storage.catalog.RecordingStatus.AVAILABLE
            and r.storedObject.objectKey = :objectKey
            and (r.orphanRepairRequestedAt is null or r.orphanRepairRequestedAt < :notBefore)""")
    int markOrphanRepairRequested(@Param("id") UUID id, @Param("objectKey") String objectKey,
            @Param("now") Instant now, @Param("notBefore") Instant notBefore);

    /** Puts back the previous re-request time of an entry whose {@code FetchRequested} was not acknowledged. */
    @Modifying
    @Query("update Recording r set r.orphanRepairRequestedAt = :previous where r.id = :id")
    int resetOrphanRepairRequested(@Param("id") UUID id, @Param("previous") Instant previous);
}
