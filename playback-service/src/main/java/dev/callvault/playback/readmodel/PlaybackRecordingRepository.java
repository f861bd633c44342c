package dev.callvault.playback.readmodel;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PlaybackRecordingRepository extends JpaRepository<PlaybackRecording, UUID> {

    /** Loads a row and locks it ({@code SELECT ... FOR UPDATE}) until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from PlaybackRecording r where r.id = :id")
    Optional<PlaybackRecording> findForUpdate(@Param("id") UUID id);

    /** Loads a row only if the tenant owns it. */
    Optional<PlaybackRecording> findByIdAndTenantId(UUID id, String tenantId);
}
