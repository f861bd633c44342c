package dev.callvault.playback.readmodel;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/**
 * One row of the read model, table {@code playback.recording}: the owning tenant, the lifecycle status and, once
 * stored, where the object is and what it is (size in bytes, SHA-256, media type, when it was stored). The
 * transitions live here: {@link RecordingStatus#AVAILABLE} only ever changes to {@link RecordingStatus#DELETED}, and
 * {@link RecordingStatus#DELETED} is final.
 */
@Entity
@Table(name = "recording")
public class PlaybackRecording implements Persistable<UUID> {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RecordingStatus status;

    private String bucket;

    @Column(name = "object_key")
    private String objectKey;

    @Column(name = "content_type")
    private String contentType;

    @Column(name = "size_bytes")
    private Long sizeBytes;

    private String sha256;

    @Column(name = "stored_at")
    private Instant storedAt;

    @Column(name = "call_ended_at")
    private Instant callEndedAt;

    @Column(name = "last_fetched_at")
    private Instant lastFetchedAt;

    @Column(name = "last_error_code")
    private String lastErrorCode;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Transient
    private boolean isNew = true;

    /** For JPA. */
    protected PlaybackRecording() {
    }

    private PlaybackRecording(UUID id, String tenantId, Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.status = RecordingStatus.PENDING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    static PlaybackRecording create(UUID id, String tenantId, Instant now) {
        return new PlaybackRecording(id, tenantId, now);
    }

    /**
     * A call ended: remembers its end; {@link RecordingStatus#PENDING} becomes {@link RecordingStatus#UNAVAILABLE}
     * when the provider has no audio.
     *
     * @return whether the status changed
     */
    boolean callEnded(Instant endedAt, boolean recordingAvailable, Instant now) {
        if (callEndedAt == null) {
            callEndedAt = endedAt;
        }
        updatedAt = now;
        if (!recordingAvailable && status == RecordingStatus.PENDING) {
            status = RecordingStatus.UNAVAILABLE;
            return true;
        }
        return false;
    }

    /**
     * The object is in storage: any state but {@link RecordingStatus#DELETED} becomes
     * {@link RecordingStatus#AVAILABLE}. A re-stored object replaces the known one only if it is not older.
     *
     * @return whether the status changed
     */
    boolean stored(String bucket, String objectKey, String contentType, long sizeBytes, String sha256,
            Instant occurredAt, Instant callEndedAt, Instant now) {
        if (status == RecordingStatus.DELETED) {
            return false;
        }
        boolean changed = status != RecordingStatus.AVAILABLE;
        if (storedAt == null || !occurredAt.isBefore(storedAt)) {
            this.bucket = bucket;
            this.objectKey = objectKey;
            this.contentType = contentType;
            this.sizeBytes = sizeBytes;
            this.sha256 = sha256;
            this.storedAt = occurredAt;
        }
        if (this.callEndedAt == null) {
            this.callEndedAt = callEndedAt;
        }
        lastFetchedAt = latest(lastFetchedAt, occurredAt);
        status = RecordingStatus.AVAILABLE;
        updatedAt = now;
        return changed;
    }

    /**
     * A fetch failed. While CallVault will try again ({@code retrying}: the failure names a next attempt) the
     * recording is {@link RecordingStatus#PENDING}; a final failure makes {@link RecordingStatus#PENDING},
     * {@link RecordingStatus#FAILED} and {@link RecordingStatus#UNAVAILABLE} {@link RecordingStatus#FAILED}. Only a
     * failure not older than the last one seen changes the status. {@link RecordingStatus#AVAILABLE} and
     * {@link RecordingStatus#DELETED} ignore failures.
     *
     * @param errorCode   the failure's code
     * @param attemptedAt when the attempt failed
     * @param retrying    whether a next attempt is scheduled
     * @param now         update time
     * @return whether the status changed
     */
    boolean fetchFailed(String errorCode, Instant attemptedAt, boolean retrying, Instant now) {
        if (status == RecordingStatus.AVAILABLE || status == RecordingStatus.DELETED) {
            return false;
        }
        RecordingStatus before = status;
        if (lastFetchedAt == null || !attemptedAt.isBefore(lastFetchedAt)) {
            lastErrorCode = errorCode;
            status = retrying ? RecordingStatus.PENDING : RecordingStatus.FAILED;
        }
        boolean changed = status != before;
        lastFetchedAt = latest(lastFetchedAt, attemptedAt);
        updatedAt = now;
        return changed;
    }

    /**
     * The object was deleted: every state becomes {@link RecordingStatus#DELETED}, for good.
     *
     * @return whether the status changed
     */
    boolean deleted(Instant occurredAt, Instant now) {
        if (status == RecordingStatus.DELETED) {
            return false;
        }
        status = RecordingStatus.DELETED;
        deletedAt = occurredAt;
        updatedAt = now;
        return true;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        isNew = false;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @Override
    public UUID getId() {
        return id;
    }

    /** @return the owning tenant */
    public String getTenantId() {
        return tenantId;
    }

    /** @return the lifecycle state */
    public RecordingStatus getStatus() {
        return status;
    }

    /** @return the object's bucket, or {@code null} before it is stored */
    public String getBucket() {
        return bucket;
    }

    /** @return the object's key, or {@code null} before it is stored */
    public String getObjectKey() {
        return objectKey;
    }

    /** @return the object's media type as the catalog reports it, or {@code null} */
    public String getContentType() {
        return contentType;
    }

    /** @return the object's size in bytes, or {@code null} before it is stored */
    public Long getSizeBytes() {
        return sizeBytes;
    }

    /** @return the SHA-256 of the object's bytes, lowercase hex, or {@code null} before it is stored */
    public String getSha256() {
        return sha256;
    }

    /** @return when the object was stored (the {@code RecordingStored} event's time), or {@code null} */
    public Instant getStoredAt() {
        return storedAt;
    }

    /** @return when the call ended, or {@code null} while unknown */
    public Instant getCallEndedAt() {
        return callEndedAt;
    }

    /** @return when the last fetch (successful or not) happened, or {@code null} */
    public Instant getLastFetchedAt() {
        return lastFetchedAt;
    }

    /** @return machine-readable cause of the last failed fetch, or {@code null} */
    public String getLastErrorCode() {
        return lastErrorCode;
    }

    /** @return when the object was deleted, or {@code null} */
    public Instant getDeletedAt() {
        return deletedAt;
    }
}
