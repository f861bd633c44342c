package dev.callvault.storage.catalog;

import dev.callvault.events.CallEnded;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingAnalyzed;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.platform.kafka.NonRetryableEventException;
import dev.callvault.platform.storage.ObjectStorageProperties;
import dev.callvault.storage.analysis.RecordingAnalyses;
import dev.callvault.storage.analysis.RecordingRenditions;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies lifecycle events to the catalog inside the caller's transaction, which the consumer
 * ({@link CatalogEventListener}, through the platform's {@code EventBatchProcessor}) opens for a whole poll together
 * with the {@code processed_event} claims of its events: the rows (locked with {@code SELECT ... FOR UPDATE}), their
 * transitions and the claims commit together, so a redelivered event changes nothing and two events of one recording
 * never interleave.
 *
 * <p>Events of one recording arrive on different topics without mutual order, so any of them may create the entry.
 * An event that would create an entry under a recording's tenant-scoped id ({@code RecordingIds.of}) while the same
 * tenant already has that provider recording under its legacy id ({@code RecordingIds.legacyOf}) is ignored: existing
 * recordings keep their ids, and a late webhook never makes a second one.
 * A concurrent creation of the same row by another consumer fails on the primary key; the poll is retried and the
 * retry finds the row.
 */
@Service
class CatalogUpdater {

    private static final Logger log = LoggerFactory.getLogger(CatalogUpdater.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final RecordingRepository recordings;
    private final RecordingAnalyses analyses;
    private final RecordingRenditions renditions;
    private final Clock clock;
    private final String bucket;

    CatalogUpdater(RecordingRepository recordings, RecordingAnalyses analyses, RecordingRenditions renditions,
            Clock clock, ObjectStorageProperties storage) {
        this.recordings = recordings;
        this.analyses = analyses;
        this.renditions = renditions;
        this.clock = clock;
        this.bucket = storage.bucket();
    }

    /**
     * Checks what an event must carry, before anything is applied.
     *
     * @param event a {@code CallEnded}, {@code RecordingStored} or {@code RecordingFetchFailed}
     * @throws NonRetryableEventException if it lacks its tenant, carries a malformed size, checksum or attempt
     *                                    count, or names an object outside the recordings bucket or its tenant's
     *                                    prefix
     */
    public void validate(SpecificRecord event) {
        switch (event) {
            case CallEnded e -> requireTenant(e.getTenantId(), e.getRecordingId());
            case RecordingStored e -> {
                requireTenant(e.getTenantId(), e.getRecordingId());
                if (e.getSizeBytes() < 0 || e.getSha256() == null || !SHA256_HEX.matcher(e.getSha256()).matches()) {
                    throw new NonRetryableEventException("RecordingStored " + e.getEventId()
                            + " carries a negative size or a checksum that is not 64 lowercase hex digits");
                }
                requireOwnObject(e);
            }
            case RecordingFetchFailed e -> {
                requireTenant(e.getTenantId(), e.getRecordingId());
                if (e.getAttempts() < 0) {
                    throw new NonRetryableEventException("RecordingFetchFailed " + e.getEventId()
                            + " reports negative attempts");
                }
            }
            case RecordingAnalyzed e -> analyses.validate(e);
            case RecordingDerived e -> renditions.validate(e);
            default -> throw new NonRetryableEventException(event.getSchema().getName() + " is not a catalog event");
        }
    }

    /**
     * Applies a {@code RecordingAnalyzed}: it becomes the recording's analysis ({@link RecordingAnalyses}), shown
     * with the entry while it describes the entry's object. It may arrive before the entry exists (the topics have no
     * mutual order); it is ignored for a {@code DELETED} entry.
     *
     * @return what happened
     * @throws TenantMismatchException   if the entry belongs to another tenant
     * @throws NonRetryableEventException if the event lacks its tenant or names another tenant's objects
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(RecordingAnalyzed event) {
        analyses.validate(event);
        Optional<Recording> entry = recordings.findForUpdate(event.getRecordingId());
        if (entry.isPresent() && !entry.get().getTenantId().equals(event.getTenantId())) {
            log.warn("refusing an analysis of recording {}: it belongs to tenant {}, the event names tenant {}",
                    event.getRecordingId(), entry.get().getTenantId(), event.getTenantId());
            throw new TenantMismatchException(event.getRecordingId(), event.getTenantId());
        }
        if (entry.isPresent() && entry.get().getStatus() == RecordingStatus.DELETED) {
            return Outcome.IGNORED;
        }
        analyses.record(event);
        return Outcome.APPLIED;
    }

    /**
     * Applies a {@code RecordingDerived}: it becomes the recording's rendition of its kind
     * ({@link RecordingRenditions}), listed with the entry while it was derived from the entry's object; as for
     * analyses, it may come before the entry and is ignored for a {@code DELETED} one.
     *
     * @return what happened
     * @throws TenantMismatchException   if the entry belongs to another tenant
     * @throws NonRetryableEventException if the event is malformed or names another tenant's objects
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(RecordingDerived event) {
        renditions.validate(event);
        Optional<Recording> entry = recordings.findForUpdate(event.getRecordingId());
        if (entry.isPresent() && !entry.get().getTenantId().equals(event.getTenantId())) {
            log.warn("refusing a rendition of recording {}: it belongs to tenant {}, the event names tenant {}",
                    event.getRecordingId(), entry.get().getTenantId(), event.getTenantId());
            throw new TenantMismatchException(event.getRecordingId(), event.getTenantId());
        }
        if (entry.isPresent() && entry.get().getStatus() == RecordingStatus.DELETED) {
            return Outcome.IGNORED;
        }
        renditions.record(event);
        return Outcome.APPLIED;
    }

    /**
     * Applies a {@code CallEnded}: creates the entry {@code PENDING} ({@code UNAVAILABLE} when the provider has no
     * audio) or fills the call's details into an existing entry without changing a later status. A {@code DELETED}
     * entry is left as it is (a replay never resurrects or refills it).
     *
     * @return what happened
     * @throws TenantMismatchException   if the entry belongs to another tenant
     * @throws NonRetryableEventException if the event lacks its tenant
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(CallEnded event) {
        validate(event);
        Instant now = clock.instant();
        Recording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), event.getProvider(),
                event.getProviderRecordingId(), now);
        if (recording == null) {
            return Outcome.IGNORED;
        }
        if (recording.getStatus() == RecordingStatus.DELETED) {
            // a replayed call must not refill what the deletion erased
            return Outcome.IGNORED;
        }
        Instant callEndedAt = event.getCallEndedAt();
        if (callEndedAt == null && recording.getCall().callEndedAt() == null) {
            callEndedAt = event.getOccurredAt();
        }
        recording.applyCallDetails(new CallDetails(event.getProviderCallId(), event.getProviderRecordingId(),
                event.getProviderAccountId(), event.getCallStartedAt(), callEndedAt, event.getDurationSeconds(),
                event.getChannels(), event.getDirection(), event.getAgentId(), event.getFromNumber(),
                event.getToNumber(), event.getMetadata()), now);
        if (Boolean.FALSE.equals(event.getRecordingAvailable())
                && recording.markUnavailable(event.getUnavailableReason(), now)) {
            log.info("recording {} of tenant {} is UNAVAILABLE at the provider", recording.getId(),
                    recording.getTenantId());
        }
        return save(recording, Outcome.APPLIED);
    }

    /**
     * Applies a {@code RecordingStored}: the entry becomes {@code AVAILABLE} with its object's location, size,
     * checksum and content type, and is created if no other event came first.
     *
     * @return what happened
     * @throws TenantMismatchException   if the entry belongs to another tenant
     * @throws NonRetryableEventException if the event lacks its tenant, or its size or checksum is malformed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(RecordingStored event) {
        validate(event);
        Instant now = clock.instant();
        Recording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), event.getProvider(),
                event.getProviderRecordingId(), now);
        if (recording == null) {
            return Outcome.IGNORED;
        }
        boolean changed = recording.markStored(new StoredObject(event.getBucket(), event.getObjectKey(),
                event.getContentType(), event.getSizeBytes(), event.getSha256(), event.getServerSideEncryption(),
                event.getEncryptionKeyId(), event.getOccurredAt()), event.getDurationSeconds(), event.getChannels(),
                event.getCallEndedAt(), now);
        if (changed) {
            log.info("recording {} of tenant {} is AVAILABLE ({} bytes)", recording.getId(),
                    recording.getTenantId(), event.getSizeBytes());
        }
        return save(recording, changed ? Outcome.APPLIED : Outcome.IGNORED);
    }

    /**
     * Applies a {@code RecordingFetchFailed}: the entry records the reason, error code, retryable flag, attempts and
     * next attempt time, and is {@code PENDING} while a next attempt is scheduled, {@code FAILED} after a final
     * failure ({@link Recording#markFetchFailed}), unless it is {@code AVAILABLE} or {@code DELETED}; created if
     * missing.
     *
     * @return what happened
     * @throws TenantMismatchException   if the entry belongs to another tenant
     * @throws NonRetryableEventException if the event lacks its tenant or reports negative attempts
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(RecordingFetchFailed event) {
        validate(event);
        Instant now = clock.instant();
        Recording recording = findOrCreate(event.getRecordingId(), event.getTenantId(), event.getProvider(),
                event.getProviderRecordingId(), now);
        if (recording == null) {
            return Outcome.IGNORED;
        }
        boolean changed = recording.markFetchFailed(new FetchFailure(event.getReason(), event.getErrorCode(),
                event.getRetryable(), event.getAttempts(), event.getOccurredAt(), event.getNextAttemptAt()), now);
        if (changed && recording.getStatus() == RecordingStatus.FAILED) {
            log.info("recording {} of tenant {} is FAILED ({}, retryable={})", recording.getId(),
                    recording.getTenantId(), event.getErrorCode(), event.getRetryable());
        } else if (changed) {
            log.info("recording {} of tenant {} is PENDING: attempt {} failed ({}), next attempt at {}",
                    recording.getId(), recording.getTenantId(), event.getAttempts(), event.getErrorCode(),
                    event.getNextAttemptAt());
        }
        return save(recording, changed ? Outcome.APPLIED : Outcome.IGNORED);
    }

    /**
     * @return the entry, locked or new; {@code null} when the event is for a second id of a recording the tenant
     *         already has under its legacy id (a webhook or fetch of an old call after ids came to include the
     *         tenant): it is ignored, and the object written under the second id is the orphan scan's
     */
    private Recording findOrCreate(UUID recordingId, String tenantId, Provider provider, String providerRecordingId,
            Instant now) {
        Optional<Recording> existing = recordings.findForUpdate(recordingId);
        if (existing.isEmpty()) {
            UUID legacyId = legacyIdOf(recordingId, tenantId, provider, providerRecordingId);
            if (legacyId != null && recordings.findById(legacyId)
                    .filter(legacy -> legacy.getTenantId().equals(tenantId)).isPresent()) {
                log.info("ignoring an event for recording {} of tenant {}: the tenant has this {} recording under its"
                        + " legacy id {}", recordingId, tenantId, provider, legacyId);
                return null;
            }
            return Recording.create(recordingId, tenantId, provider, now);
        }
        Recording recording = existing.get();
        if (!recording.getTenantId().equals(tenantId)) {
            log.warn("refusing an event for recording {}: it belongs to tenant {}, the event names tenant {}",
                    recordingId, recording.getTenantId(), tenantId);
            throw new TenantMismatchException(recordingId, tenantId);
        }
        return recording;
    }

    /**
     * @return the legacy id ({@code RecordingIds.legacyOf}) of the recording when {@code recordingId} is its current,
     *         tenant-scoped id; {@code null} when there is none to look for (an upload, an unknown provider id, or the
     *         event already names the legacy id)
     */
    private static UUID legacyIdOf(UUID recordingId, String tenantId, Provider provider, String providerRecordingId) {
        if (provider == Provider.UPLOAD || providerRecordingId == null || providerRecordingId.isBlank()) {
            return null;
        }
        try {
            return RecordingIds.of(tenantId, provider, providerRecordingId).equals(recordingId)
                    ? RecordingIds.legacyOf(provider, providerRecordingId)
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Outcome save(Recording recording, Outcome outcome) {
        if (recording.isNew()) {
            recordings.saveAndFlush(recording);
        }
        return outcome;
    }

    /**
     * The object must be in the recordings bucket and in the event's tenant's part of it: a forged event must not
     * point a recording at another tenant's object, nor at another bucket.
     */
    private void requireOwnObject(RecordingStored event) {
        if (event.getBucket() != null && !event.getBucket().equals(bucket)) {
            throw new NonRetryableEventException("RecordingStored " + event.getEventId() + " names bucket "
                    + event.getBucket() + ", not the recordings bucket");
        }
        if (!ObjectKeys.belongsTo(event.getObjectKey(), event.getTenantId())) {
            throw new NonRetryableEventException("RecordingStored " + event.getEventId()
                    + " names an object key outside its tenant's prefix " + event.getTenantId() + "/");
        }
    }

    private static void requireTenant(String tenantId, UUID recordingId) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new NonRetryableEventException("event for recording " + recordingId + " names no tenant");
        }
    }

    /** What applying one event did. */
    enum Outcome {
        /** The catalog changed. */
        APPLIED,
        /** The event was valid but changes nothing in the entry's current state (e.g. a failure after AVAILABLE). */
        IGNORED
    }
}
