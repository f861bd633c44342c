package dev.callvault.playback.readmodel;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only lookups of the read model for the request path (no other service is ever called there). */
@Service
public class Recordings {

    private final PlaybackRecordingRepository repository;

    Recordings(PlaybackRecordingRepository repository) {
        this.repository = repository;
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
     * @param recordingId a recording id
     * @return the recording, whatever its tenant (for signed stream URLs, whose signature covers the tenant)
     */
    @Transactional(readOnly = true)
    public Optional<PlaybackRecording> find(UUID recordingId) {
        return repository.findById(recordingId);
    }
}
