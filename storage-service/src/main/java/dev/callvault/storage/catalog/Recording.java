package dev.callvault.storage.catalog;

import dev.callvault.events.CallDirection;
import dev.callvault.events.DeletionReason;
import dev.callvault.events.Provider;
import dev.callvault.events.ServerSideEncryption;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * One catalog entry, table {@code storage.recording}: a recording's call metadata, its object in storage and its fetch
 * history. The transitions live here so that no caller can move the status backwards.
 */
@Entity
@Table(name = "recording")
public class Recording implements Persistable<UUID> {

    /** {@link #lastErrorCode} of a recording the provider reported as having no audio. */
    public static final String UNAVAILABLE_ERROR_CODE = "RECORDING_UNAVAILABLE";

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Provider provider;

    @Column(name = "provider_call_id")
    private String providerCallId;

    @Column(name = "provider_recording_id")
    private String providerRecordingId;

    @Column(name = "provider_account_id")
    private String providerAccountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RecordingStatus status;

    @Column(name = "call_started_at")
    private Instant callStartedAt;

    @Column(name = "call_ended_at")
    private Instant callEndedAt;

    @Column(name = "duration_seconds")
    private Integer durationSeconds;

    private Integer channels;

    @Enumerated(EnumType.STRING)
    private CallDirection direction;

    @Column(name = "agent_id")
    private String agentId;

    @Column(name = "from_number")
    private String fromNumber;

    @Column(name = "to_number")
    private String toNumber;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private Map<String, String> metadata = new LinkedHashMap<>();

    private String bucket;

    @Column(name = "object_key")
    private String objectKey;

    @Column(name = "content_type")
    private String contentType;

    @Column(name = "size_bytes")
    private Long sizeBytes;

    private String sha256;

    @Enumerated(EnumType.STRING)
    @Column(name = "server_side_encryption")
    private ServerSideEncryption serverSideEncryption;

    @Column(name = "encryption_key_id")
    private String encryptionKeyId;

    @Column(name = "stored_at")
    private Instant storedAt;

    @Column(name = "last_fetch_attempt_at")
    private Instant lastFetchAttemptAt;

    @Column(name = "next_fetch_attempt_at")
    private Instant nextFetchAttemptAt;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "last_error_code")
    private String lastErrorCode;

    @Column(name = "fetch_attempts", nullable = false)
    private int fetchAttempts;

    private Boolean retryable;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "deletion_reason")
    private DeletionReason deletionReason;

    @Column(name = "deleted_by")
    private String deletedBy;

    @Column(name = "deletion_published_at")
    private Instant deletionPublishedAt;

    @Column(name = "legal_hold", nullable = false)
    private boolean legalHold;

    @Column(name = "legal_hold_reason")
    private String legalHoldReason;

    @Column(name = "legal_hold_by")
    private String legalHoldBy;

    @Column(name = "legal_hold_since")
    private Instant legalHoldSince;

    @Column(name = "legal_hold_in_store")
    private Boolean legalHoldInStore;

    @Column(name = "orphan_repair_requested_at")
    private Instant orphanRepairRequestedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Transient
    private boolean isNew = true;

    /** For JPA. */
    protected Recording() {
    }

    private Recording(UUID id, String tenantId, Provider provider, Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.provider = provider;
        this.status = RecordingStatus.PENDING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * Starts a new, {@link RecordingStatus#PENDING} entry (not yet persisted).
     *
     * @param id       the recording id
     * @param tenantId the owning tenant
     * @param provider where the recording comes from
     * @param now      creation time
     * @return the entry
     */
    static Recording create(UUID id, String tenantId, Provider provider, Instant now) {
        return new Recording(id, tenantId, provider, now);
    }

    /**
     * Fills in what the provider reported about the call. Values the event does not carry keep what is known; the
     * duration and channel count are only filled when unknown, because {@code RecordingStored} measures them on the
     * actual audio. Never changes the status.
     *
     * @param call the call's details
     * @param now  update time
     */
    void applyCallDetails(CallDetails call, Instant now) {
        providerCallId = firstNonNull(call.providerCallId(), providerCallId);
        providerRecordingId = firstNonNull(call.providerRecordingId(), providerRecordingId);
        providerAccountId = firstNonNull(call.providerAccountId(), providerAccountId);
        callStartedAt = firstNonNull(call.callStartedAt(), callStartedAt);
        callEndedAt = firstNonNull(call.callEndedAt(), callEndedAt);
        if (durationSeconds == null) {
            durationSeconds = call.durationSeconds();
        }
        if (channels == null) {
            channels = call.channels();
        }
        if (call.direction() != null && (direction == null || call.direction() != CallDirection.UNKNOWN)) {
            direction = call.direction();
        }
        agentId = firstNonNull(call.agentId(), agentId);
        fromNumber = firstNonNull(call.fromNumber(), fromNumber);
        toNumber = firstNonNull(call.toNumber(), toNumber);
        if (call.metadata() != null && !call.metadata().isEmpty()) {
            metadata = new LinkedHashMap<>(call.metadata());
        }
        updatedAt = now;
    }

    /**
     * Records the provider's statement that there is no audio: {@link RecordingStatus#PENDING} becomes
     * {@link RecordingStatus#UNAVAILABLE}; any later state is kept.
     *
     * @param reason the provider's reason or error code, may be {@code null}
     * @param now    update time
     * @return whether the status changed
     */
    boolean markUnavailable(String reason, Instant now) {
        if (status != RecordingStatus.PENDING) {
            return false;
        }
        status = RecordingStatus.UNAVAILABLE;
        lastError = reason != null && !reason.isBlank() ? reason : "the provider reported no recording";
        lastErrorCode = UNAVAILABLE_ERROR_CODE;
        updatedAt = now;
        return true;
    }

    /**
     * Records that the audio is in object storage: any state but {@link RecordingStatus#DELETED} becomes
     * {@link RecordingStatus#AVAILABLE}. The last fetch error is kept as history.
     *
     * @param object where and what the object is
     * @param now    update time
     * @return whether the entry changed ({@code false} for a deleted recording)
     */
    boolean markStored(StoredObject object, Instant now) {
        if (status == RecordingStatus.DELETED) {
            return false;
        }
        status = RecordingStatus.AVAILABLE;
        bucket = object.bucket();
        objectKey = object.objectKey();
        contentType = object.contentType();
        sizeBytes = object.sizeBytes();
        sha256 = object.sha256();
        serverSideEncryption = object.serverSideEncryption();
        encryptionKeyId = object.encryptionKeyId();
        storedAt = object.storedAt();
        nextFetchAttemptAt = null;
        durationSeconds = firstNonNull(object.durationSeconds(), durationSeconds);
        channels = firstNonNull(object.channels(), channels);
        if (callEndedAt == null) {
            callEndedAt = object.callEndedAt();
        }
        updatedAt = now;
        return true;
    }

    /**
     * Records a failed fetch. While CallVault will try again (the failure names its next attempt: a hand-over to a
     * fetch-worker retry topic) the entry is {@link RecordingStatus#PENDING} with the last error, the attempts so far
     * and the next attempt's time; only a final failure (no next attempt: the provider refused for good, or the
     * retries are used up) makes it {@link RecordingStatus#FAILED}, the status a person must act on.
     * {@link RecordingStatus#AVAILABLE} and {@link RecordingStatus#DELETED} ignore failures. fetch-worker publishes one
     * failure on every hand-over and a final one, each carrying the attempts of that fetch so far: the entry keeps the
     * highest count seen, so neither the hand-overs nor a redelivered or reordered event inflate it. The status, the
     * error fields and the next attempt time are only replaced by a failure that is not older than the one already
     * recorded.
     *
     * @param failure the failure
     * @param now     update time
     * @return whether the entry changed
     */
    boolean markFetchFailed(FetchFailure failure, Instant now) {
        if (status == RecordingStatus.AVAILABLE || status == RecordingStatus.DELETED) {
            return false;
        }
        fetchAttempts = Math.max(fetchAttempts, failure.attempts());
        if (lastFetchAttemptAt == null || !failure.attemptedAt().isBefore(lastFetchAttemptAt)) {
            status = failure.nextAttemptAt() != null ? RecordingStatus.PENDING : RecordingStatus.FAILED;
            lastFetchAttemptAt = failure.attemptedAt();
            nextFetchAttemptAt = failure.nextAttemptAt();
            lastError = failure.reason();
            lastErrorCode = failure.errorCode();
            retryable = failure.retryable();
        }
        updatedAt = now;
        return true;
    }

    /**
     * Marks the entry {@link RecordingStatus#DELETED} once its object is gone (final: no event brings it back). The
     * object's location stays as history; the parties' numbers and the provider metadata are erased with it.
     *
     * @param reason why it was deleted
     * @param by     the subject who asked for it, or {@code null} for retention
     * @param now    deletion time
     * @throws IllegalStateException if the entry is on legal hold or already deleted
     */
    void markDeleted(DeletionReason reason, String by, Instant now) {
        if (legalHold || status == RecordingStatus.DELETED) {
            throw new IllegalStateException("recording " + id + " is on legal hold or already deleted");
        }
        status = RecordingStatus.DELETED;
        deletedAt = now;
        deletionReason = reason;
        deletedBy = by;
        fromNumber = null;
        toNumber = null;
        metadata = new LinkedHashMap<>();
        nextFetchAttemptAt = null;
        updatedAt = now;
    }

    /**
     * Notes that the broker acknowledged the recording's {@code RecordingDeleted}.
     *
     * @param now acknowledgement time
     */
    void markDeletionPublished(Instant now) {
        deletionPublishedAt = now;
    }

    /**
     * Places (or re-states, with a new reason) a legal hold: neither retention nor a user may delete the recording
     * while it lasts.
     *
     * @param reason why, 1..500 characters
     * @param by     the subject who placed it
     * @param now    placement time; an existing hold keeps its original time
     * @throws IllegalStateException if the recording is deleted
     */
    void placeLegalHold(String reason, String by, Instant now) {
        if (status == RecordingStatus.DELETED) {
            throw new IllegalStateException("recording " + id + " is deleted");
        }
        if (!legalHold) {
            legalHoldSince = now;
        }
        legalHold = true;
        legalHoldReason = reason;
        legalHoldBy = by;
        updatedAt = now;
    }

    /**
     * Releases the legal hold; a recording without one is unchanged.
     *
     * @param now release time
     * @return whether a hold was released
     */
    boolean releaseLegalHold(Instant now) {
        if (!legalHold) {
            return false;
        }
        legalHold = false;
        legalHoldReason = null;
        legalHoldBy = null;
        legalHoldSince = null;
        legalHoldInStore = null;
        updatedAt = now;
        return true;
    }

    /**
     * @param applied whether object storage holds the object too (object-lock legal hold), {@code null} without an
     *                object
     */
    void recordStoreLegalHold(Boolean applied) {
        legalHoldInStore = applied;
    }

    private static <T> T firstNonNull(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
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

    /** @return where the recording comes from */
    public Provider getProvider() {
        return provider;
    }

    /** @return the provider's call id, or {@code null} until a {@code CallEnded} told it */
    public String getProviderCallId() {
        return providerCallId;
    }

    /** @return the provider's recording id, or {@code null} until a {@code CallEnded} told it */
    public String getProviderRecordingId() {
        return providerRecordingId;
    }

    /** @return the provider account holding the recording, or {@code null} */
    public String getProviderAccountId() {
        return providerAccountId;
    }

    /** @return the lifecycle state */
    public RecordingStatus getStatus() {
        return status;
    }

    /** @return call start, or {@code null} */
    public Instant getCallStartedAt() {
        return callStartedAt;
    }

    /** @return call end, or {@code null} while unknown */
    public Instant getCallEndedAt() {
        return callEndedAt;
    }

    /** @return duration in whole seconds, or {@code null} */
    public Integer getDurationSeconds() {
        return durationSeconds;
    }

    /** @return number of audio channels, or {@code null} */
    public Integer getChannels() {
        return channels;
    }

    /** @return call direction, or {@code null} */
    public CallDirection getDirection() {
        return direction;
    }

    /** @return the agent on the call, or {@code null} */
    public String getAgentId() {
        return agentId;
    }

    /** @return the calling party, or {@code null} */
    public String getFromNumber() {
        return fromNumber;
    }

    /** @return the called party, or {@code null} */
    public String getToNumber() {
        return toNumber;
    }

    /** @return other provider metadata (string values), never {@code null} */
    public Map<String, String> getMetadata() {
        return metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** @return the object's bucket, or {@code null} before it is stored */
    public String getBucket() {
        return bucket;
    }

    /** @return the object's key, or {@code null} before it is stored */
    public String getObjectKey() {
        return objectKey;
    }

    /** @return the object's media type, or {@code null} */
    public String getContentType() {
        return contentType;
    }

    /** @return the object's size in bytes, or {@code null} */
    public Long getSizeBytes() {
        return sizeBytes;
    }

    /** @return the object's SHA-256, lowercase hex, or {@code null} */
    public String getSha256() {
        return sha256;
    }

    /**
     * @return how object storage encrypts the object ({@code RecordingStored.serverSideEncryption}); {@code null} when
     *         the event did not say (published before encryption was recorded)
     */
    public ServerSideEncryption getServerSideEncryption() {
        return serverSideEncryption;
    }

    /** @return the KMS key id (SSE-KMS) or configured key name (SSE-C) of the object, never key material; or null */
    public String getEncryptionKeyId() {
        return encryptionKeyId;
    }

    /** @return when the object was stored, or {@code null} */
    public Instant getStoredAt() {
        return storedAt;
    }

    /** @return when the last failed fetch attempt happened, or {@code null} */
    public Instant getLastFetchAttemptAt() {
        return lastFetchAttemptAt;
    }

    /** @return when fetch-worker will try again (the latest failure's {@code nextAttemptAt}), or {@code null} */
    public Instant getNextFetchAttemptAt() {
        return nextFetchAttemptAt;
    }

    /** @return the last error (fetch failure or the provider's unavailability reason), or {@code null} */
    public String getLastError() {
        return lastError;
    }

    /** @return machine-readable code of {@link #getLastError()}, or {@code null} */
    public String getLastErrorCode() {
        return lastErrorCode;
    }

    /** @return the highest attempt count any failure reported (running totals of one fetch, see markFetchFailed) */
    public int getFetchAttempts() {
        return fetchAttempts;
    }

    /** @return whether the last failure may succeed on retry, or {@code null} without failure */
    public Boolean getRetryable() {
        return retryable;
    }

    /** @return when it was deleted, or {@code null} */
    public Instant getDeletedAt() {
        return deletedAt;
    }

    /** @return why it was deleted, or {@code null} */
    public DeletionReason getDeletionReason() {
        return deletionReason;
    }

    /** @return the subject who deleted it, or {@code null} (retention, or not deleted) */
    public String getDeletedBy() {
        return deletedBy;
    }

    /** @return when the broker acknowledged its {@code RecordingDeleted}, or {@code null} */
    public Instant getDeletionPublishedAt() {
        return deletionPublishedAt;
    }

    /** @return whether it is on legal hold */
    public boolean isLegalHold() {
        return legalHold;
    }

    /** @return the hold's reason, or {@code null} without hold */
    public String getLegalHoldReason() {
        return legalHoldReason;
    }

    /** @return the subject who placed the hold, or {@code null} */
    public String getLegalHoldBy() {
        return legalHoldBy;
    }

    /** @return since when it is on hold, or {@code null} */
    public Instant getLegalHoldSince() {
        return legalHoldSince;
    }

    /** @return whether object storage applied an object-lock legal hold too; {@code null} without hold or object */
    public Boolean getLegalHoldInStore() {
        return legalHoldInStore;
    }

    /**
     * @return when the orphan scan last re-requested the entry's missing object ({@code FetchRequested}), or
     *         {@code null}
     */
    public Instant getOrphanRepairRequestedAt() {
        return orphanRepairRequestedAt;
    }

    /** @return when the entry was created */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /** @return when the entry last changed */
    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
