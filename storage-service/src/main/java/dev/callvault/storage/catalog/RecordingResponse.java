package dev.callvault.storage.catalog;

import dev.callvault.storage.analysis.AnalysisResponse;
import dev.callvault.storage.analysis.RenditionResponse;
import java.util.List;
import dev.callvault.events.CallDirection;
import dev.callvault.events.DeletionReason;
import dev.callvault.events.Provider;
import dev.callvault.events.ServerSideEncryption;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON of a catalog entry ({@code GET /v1/recordings/{recordingId}} and the items of the list). Instants are
 * ISO-8601 UTC strings; absent values are {@code null}.
 *
 * @param id                  recording id (UUID)
 * @param tenantId            owning tenant
 * @param status              {@code PENDING}, {@code AVAILABLE}, {@code FAILED}, {@code UNAVAILABLE} or {@code DELETED}
 * @param provider            {@code TWILIO}, {@code ELEVENLABS}, {@code VAPI}, {@code UPLOAD} or {@code OTHER}
 * @param providerCallId      the provider's call id
 * @param providerRecordingId the provider's recording id
 * @param callStartedAt       call start
 * @param callEndedAt         call end
 * @param durationSeconds     duration, whole seconds
 * @param channels            audio channels
 * @param direction           {@code INBOUND}, {@code OUTBOUND} or {@code UNKNOWN}
 * @param agentId             agent on the call
 * @param from                calling party
 * @param to                  called party
 * @param metadata            other provider metadata (string values)
 * @param sizeBytes           object size, bytes
 * @param contentType         object media type
 * @param sha256              object SHA-256, lowercase hex
 * @param serverSideEncryption how object storage encrypts the object at rest: {@code NONE}, {@code SSE_S3},
 *                            {@code SSE_KMS} or {@code SSE_C}; {@code null} when its event did not say
 * @param encryptionKeyId     the KMS key id ({@code SSE_KMS}) or the configured key name ({@code SSE_C}), never key
 *                            material; {@code null} otherwise
 * @param bucket              object storage bucket ({@code null} once deleted)
 * @param objectKey           object key ({@code null} once deleted: no object is served)
 * @param storedAt            when the object was stored
 * @param lastFetchAttemptAt  when the last failed fetch attempt happened
 * @param nextFetchAttemptAt  when fetch-worker tries again ({@code null} when no attempt is scheduled)
 * @param lastError           last fetch error, or the provider's reason for {@code UNAVAILABLE}
 * @param lastErrorCode       machine-readable code of {@code lastError} ({@code RECORDING_UNAVAILABLE} for
 *                            {@code UNAVAILABLE})
 * @param fetchAttempts       fetch attempts, the highest running total any failure reported
 * @param retryable           whether the last failure may succeed on retry
 * @param legalHold           whether the recording is on legal hold
 * @param legalHoldReason     the hold's reason
 * @param legalHoldBy         subject who placed the hold
 * @param legalHoldSince      since when it is held
 * @param legalHoldInStore    whether object storage holds the object too (object-lock legal hold); {@code false}
 *                            when the store refused, {@code null} without hold or object
 * @param deletedAt           when it was deleted
 * @param deletionReason      {@code RETENTION} or {@code USER_REQUEST} (or {@code ORPHAN}, {@code OTHER})
 * @param deletedBy           subject who deleted it ({@code null} for retention)
 * @param createdAt           when the entry was created
 * @param updatedAt           when the entry last changed
 * @param analysis            what media-worker measured on the entry's object ({@link AnalysisResponse});
 *                            {@code null} until it was analysed, and once the entry is deleted
 * @param renditions          renditions media-worker derived from the entry's object ({@link RenditionResponse}),
 *                            empty before, and once the entry is deleted
 */
public record RecordingResponse(UUID id, String tenantId, RecordingStatus status, Provider provider, String providerCallId,
        String providerRecordingId, Instant callStartedAt, Instant callEndedAt, Integer durationSeconds,
        Integer channels, CallDirection direction, String agentId, String from, String to,
        Map<String, String> metadata, Long sizeBytes, String contentType, String sha256,
        ServerSideEncryption serverSideEncryption, String encryptionKeyId, String bucket,
        String objectKey, Instant storedAt, Instant lastFetchAttemptAt, Instant nextFetchAttemptAt, String lastError,
        String lastErrorCode, int fetchAttempts, Boolean retryable, boolean legalHold, String legalHoldReason,
        String legalHoldBy, Instant legalHoldSince, Boolean legalHoldInStore, Instant deletedAt,
        DeletionReason deletionReason, String deletedBy, Instant createdAt, Instant updatedAt,
        AnalysisResponse analysis, List<RenditionResponse> renditions) {

    /**
     * @param r        a catalog entry
     * @param analysis   the analysis of its object, or {@code null} ({@link RecordingResponses} finds it)
     * @param renditions the renditions of its object
     * @return its JSON shape
     */
    static RecordingResponse of(Recording r, AnalysisResponse analysis, List<RenditionResponse> renditions) {
        boolean deleted = r.getStatus() == RecordingStatus.DELETED;
        CallDetails call = r.getCall();
        StoredObject object = r.getStoredObject();
        FetchHistory fetches = r.getFetchHistory();
        LegalHold hold = r.getLegalHold();
        Deletion deletion = r.getDeletion();
        return new RecordingResponse(r.getId(), r.getTenantId(), r.getStatus(), r.getProvider(),
                call.providerCallId(), call.providerRecordingId(), call.callStartedAt(), call.callEndedAt(),
                call.durationSeconds(), call.channels(), call.direction(), call.agentId(), call.fromNumber(),
                call.toNumber(), call.metadata(), object.sizeBytes(), object.contentType(), object.sha256(),
                object.serverSideEncryption(), object.encryptionKeyId(), deleted ? null : object.bucket(),
                deleted ? null : object.objectKey(), object.storedAt(), fetches.lastAttemptAt(),
                fetches.nextAttemptAt(), fetches.lastError(), fetches.lastErrorCode(), fetches.attempts(),
                fetches.retryable(), hold.held(), hold.reason(), hold.placedBy(), hold.since(), hold.inStore(),
                deletion.deletedAt(), deletion.reason(), deletion.deletedBy(), r.getCreatedAt(), r.getUpdatedAt(),
                deleted ? null : analysis, deleted ? List.of() : List.copyOf(renditions));
    }
}
