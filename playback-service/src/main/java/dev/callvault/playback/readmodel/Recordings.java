package dev.callvault.playback.readmodel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.callvault.playback.cache.PlaybackCacheProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only lookups of the read model for the request path (no other service is ever called there), with the rows a
 * stream needs kept in memory.
 *
 * <p>Row cache ({@code callvault.playback.cache.max-rows}, {@code available-row-ttl}, {@code other-row-ttl}): a row is
 * dropped as soon as this instance's read-model consumer applied an event of its recording ({@link #evict(UUID)}),
 * and by every instance when any event of the recording is published ({@code RecordingCacheInvalidation}, one consumer
 * group per instance), so a row changed through a partition another instance consumes is not kept past that event. A
 * deletion is final: an instance that hears of it remembers it ({@link #deleted(UUID, Instant)}) and answers the
 * recording as {@link RecordingStatus#DELETED} at once, even before the instance that owns the partition has written
 * it to PostgreSQL, and even if a request re-read the row in between. What is kept is a detached, never-modified
 * entity per recording.
 */
@Service
public class Recordings {

    private final PlaybackRecordingRepository repository;
    private final EntityManager entityManager;
    private final Cache<UUID, PlaybackRecording> rows;
    private final Cache<UUID, Instant> deletions;

    Recordings(PlaybackRecordingRepository repository, EntityManager entityManager,
            PlaybackCacheProperties properties, MeterRegistry meterRegistry) {
        this.repository = repository;
        this.entityManager = entityManager;
        Duration available = properties.availableRowTtl();
        Duration other = properties.otherRowTtl();
        this.rows = properties.maxRows() == 0 ? null : Caffeine.newBuilder()
                .maximumSize(properties.maxRows())
                .expireAfter(Expiry.<UUID, PlaybackRecording>writing((id, row) ->
                        row.getStatus() == RecordingStatus.AVAILABLE ? available : other))
                .recordStats()
                .build();
        if (rows != null) {
            CaffeineCacheMetrics.monitor(meterRegistry, rows, "playback.read-model-rows");
        }
        this.deletions = Caffeine.newBuilder()
                .maximumSize(Math.max(10_000, properties.maxRows()))
                .expireAfterWrite(properties.deletionMemory())
                .build();
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
     * Looks a recording up for a stream request: from the row cache, or one {@code SELECT} by primary key in
     * autocommit (one PostgreSQL round trip; through the repository a read-only transaction took two, and
     * {@code bench/run playback}'s flight recording showed those reads as the longest waits of a ranged request). A
     * single row read needs no transaction to be consistent, and the stream handler runs in none, so this method
     * declares none either (a cache hit, the common case, sets up no transaction context).
     *
     * @param recordingId a recording id
     * @return the recording (detached; callers must not change it), whatever its tenant (for signed stream URLs,
     *         whose signature covers the tenant); {@link RecordingStatus#DELETED} if a deletion of it was heard of
     */
    public Optional<PlaybackRecording> find(UUID recordingId) {
        Instant deletedAt = deletions.getIfPresent(recordingId);
        if (deletedAt != null) {
            PlaybackRecording fresh = load(recordingId);
            if (fresh != null) {
                fresh.deleted(deletedAt, deletedAt);
            }
            return Optional.ofNullable(fresh);
        }
        return Optional.ofNullable(rows == null ? load(recordingId) : rows.get(recordingId, this::load));
    }

    /**
     * Drops a recording's cached row: its next request reads PostgreSQL.
     *
     * @param recordingId the recording
     */
    public void evict(UUID recordingId) {
        if (rows != null) {
            rows.invalidate(recordingId);
        }
    }

    /**
     * Remembers that a recording was deleted (for {@code callvault.playback.cache.deletion-memory}) and drops its row.
     *
     * @param recordingId the recording
     * @param deletedAt   when it was deleted
     */
    public void deleted(UUID recordingId, Instant deletedAt) {
        deletions.put(recordingId, deletedAt);
        evict(recordingId);
    }

    private PlaybackRecording load(UUID recordingId) {
        return entityManager.find(PlaybackRecording.class, recordingId);
    }
}
