package dev.callvault.playback.readmodel;

import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Read-only lookups of the read model for the request path (no other service is ever called there). */
@Service
public class Recordings {

    private final PlaybackRecordingRepository repository;
    private final EntityManager entityManager;

    Recordings(PlaybackRecordingRepository repository, EntityManager entityManager) {
        this.repository = repository;
        this.entityManager = entityManager;
    }

    /**
     * @param recordingId a recording id
     * @param tenantId    the caller's tenant
     * @return the recording if it exists and the tenant owns it; empty otherwise (the caller answers 404 either way)
     */
    @Transactional(readOnly = true)
    public Optional<PlaybackRecording> findOwned(UUID recordingId, String tenantId) {
        return repository.findByIdAndTenantId(recordingId, tenantId);
    }

    /**
     * Looks a recording up for a stream request: one {@code SELECT} by primary key in autocommit, outside any
     * transaction, so one PostgreSQL round trip per request. Through the repository ({@code findById} is
     * transactional) it took two, the {@code SELECT} (with {@code BEGIN READ ONLY}) and a {@code COMMIT}, and
     * {@code bench/run playback}'s flight recording showed those reads as the longest waits of a ranged request. A
     * single row read needs no transaction to be consistent.
     *
     * @param recordingId a recording id
     * @return the recording (detached), whatever its tenant (for signed stream URLs, whose signature covers the
     *         tenant)
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Optional<PlaybackRecording> find(UUID recordingId) {
        return Optional.ofNullable(entityManager.find(PlaybackRecording.class, recordingId));
    }
}
