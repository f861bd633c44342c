package dev.callvault.storage.catalog;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface RecordingRepository extends JpaRepository<Recording, UUID>, JpaSpecificationExecutor<Recording> {

    /** Loads an entry and locks its row ({@code SELECT ... FOR UPDATE}) until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from Recording r where r.id = :id")
    Optional<Recording> findForUpdate(@Param("id") UUID id);

    /** Loads an entry only if the tenant owns it. */
    Optional<Recording> findByIdAndTenantId(UUID id, String tenantId);
}
