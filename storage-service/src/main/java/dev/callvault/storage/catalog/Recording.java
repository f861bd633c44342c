package dev.callvault.storage.catalog;

import dev.callvault.events.DeletionReason;
import dev.callvault.events.Provider;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
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
 * One catalog entry, table {@code storage.recording}: a recording's identity and status, with its call
 * ({@link CallDetails}), its object in storage ({@link StoredObject}), its fetch history ({@link FetchHistory}), its
 * legal hold ({@link LegalHold}) and its deletion ({@link Deletion}) as value objects. The transitions live here so
 * that no caller can move the status backwards.
 */
@Entity
@Table(name = "recording")
public class Recording implements Persistable<UUID> {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Provider provider;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RecordingStatus status;

    @Embedded
    private CallDetails call;

    /** {@code null} before the object is stored (Hibernate loads an embedded value of only null columns as null). */
    @Embedded
    private StoredObject storedObject;

    @Embedded
    private FetchHistory fetchHistory;

    @Embedded
    private LegalHold legalHold;

    /** {@code null} while not deleted, as {@link #storedObject}. */
    @Embedded
    private Deletion deletion;

    /** Written only by {@code RecordingRepository.markOrphanRepairRequested} and its reset. */
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
        this.call = CallDetails.NONE;
        this.fetchHistory = FetchHistory.NONE;
        this.legalHold = LegalHold.NONE;
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
     * Fills in what the provider reported about the call ({@link CallDetails#reportedAs}). Never changes the status.
     *
     * @param reported the call's details
     * @param now      update time
     */
    void applyCallDetails(CallDetails reported, Instant now) {
        call = call.reportedAs(reported);
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
        fetchHistory = fetchHistory.unavailable(reason);
        updatedAt = now;
        return true;
    }

    /**
     * Records that the audio is in object storage: any state but {@link RecordingStatus#DELETED} becomes
     * {@link RecordingStatus#AVAILABLE}, no next fetch attempt is expected, and the call takes the measurements of
     * the audio ({@link CallDetails#storedAs}). The last fetch error is kept as history.
     *
     * @param object                  where and what the object is
     * @param measuredDurationSeconds duration measured on the audio, whole seconds, or {@code null}
     * @param measuredChannels        channel count measured on the audio, or {@code null}
     * @param callEndedAt             call end as the stored event reports it, or {@code null}
     * @param now                     update time
     * @return whether the entry changed ({@code false} for a deleted recording)
     */
    boolean markStored(StoredObject object, Integer measuredDurationSeconds, Integer measuredChannels,
            Instant callEndedAt, Instant now) {
        if (status == RecordingStatus.DELETED) {
            return false;
        }
        status = RecordingStatus.AVAILABLE;
        storedObject = object;
        fetchHistory = fetchHistory.withoutNextAttempt();
        call = call.storedAs(measuredDurationSeconds, measuredChannels, callEndedAt);
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
     * recorded ({@link FetchHistory#failed}).
     *
     * @param failure the failure
     * @param now     update time
     * @return whether the entry changed
     */
    boolean markFetchFailed(FetchFailure failure, Instant now) {
        if (status == RecordingStatus.AVAILABLE || status == RecordingStatus.DELETED) {
            return false;
        }
        if (fetchHistory.isSupersededBy(failure)) {
            status = failure.nextAttemptAt() != null ? RecordingStatus.PENDING : RecordingStatus.FAILED;
        }
        fetchHistory = fetchHistory.failed(failure);
        updatedAt = now;
        return true;
    }

    /**
     * Marks the entry {@link RecordingStatus#DELETED} once its object is gone (final: no event brings it back). The
     * object's location stays as history; the parties' numbers and the provider metadata are erased with it
     * ({@link CallDetails#erased}), and no next fetch attempt is expected.
     *
     * @param reason why it was deleted
     * @param by     the subject who asked for it, or {@code null} for retention
     * @param now    deletion time
     * @throws IllegalStateException if the entry is on legal hold or already deleted
     */
    void markDeleted(DeletionReason reason, String by, Instant now) {
        if (legalHold.held() || status == RecordingStatus.DELETED) {
            throw new IllegalStateException("recording " + id + " is on legal hold or already deleted");
        }
        status = RecordingStatus.DELETED;
        deletion = getDeletion().deleted(reason, by, now);
        call = call.erased();
        fetchHistory = fetchHistory.withoutNextAttempt();
        updatedAt = now;
    }

    /**
     * Notes that the broker acknowledged the recording's {@code RecordingDeleted}.
     *
     * @param now acknowledgement time
     */
    void markDeletionPublished(Instant now) {
        deletion = getDeletion().published(now);
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
        legalHold = legalHold.placed(reason, by, now);
        updatedAt = now;
    }

    /**
     * Releases the legal hold; a recording without one is unchanged.
     *
     * @param now release time
     * @return whether a hold was released
     */
    boolean releaseLegalHold(Instant now) {
        if (!legalHold.held()) {
            return false;
        }
        legalHold = LegalHold.NONE;
        updatedAt = now;
        return true;
    }

    /**
     * @param applied whether object storage holds the object too (object-lock legal hold), {@code null} without an
     *                object
     */
    void recordStoreLegalHold(Boolean applied) {
        legalHold = legalHold.withInStore(applied);
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

    /** @return the lifecycle state */
    public RecordingStatus getStatus() {
        return status;
    }

    /**
     * @return what is known about the call; its provider ids stay {@code null} until a {@code CallEnded} told them,
     *         its call end while unknown
     */
    public CallDetails getCall() {
        return call;
    }

    /** @return the object in storage; every part {@code null} before it is stored, kept as history once deleted */
    public StoredObject getStoredObject() {
        return storedObject != null ? storedObject : StoredObject.NONE;
    }

    /** @return the failed fetches (and the provider's unavailability reason as the last error) */
    public FetchHistory getFetchHistory() {
        return fetchHistory;
    }

    /** @return the legal hold, {@link LegalHold#held()} {@code false} without one */
    public LegalHold getLegalHold() {
        return legalHold;
    }

    /** @return the deletion; every part {@code null} while not deleted */
    public Deletion getDeletion() {
        return deletion != null ? deletion : Deletion.NONE;
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
