package dev.callvault.audit.custody;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingLifecycleChanged;
import dev.callvault.events.RecordingStored;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One lifecycle fact to append to {@code audit.custody_event}. {@code details} keeps what matters for custody and
 * nothing else: no recording URLs, phone numbers or free-form provider metadata (which may carry anything), and no
 * credentials (the events carry none). Every key of a kind is always present, {@code null} when unknown; instants
 * are ISO-8601 UTC strings.
 *
 * @param eventId     the event's id (the row's primary key)
 * @param tenantId    the tenant that owns the recording
 * @param recordingId the recording
 * @param kind        what happened
 * @param occurredAt  when it happened
 * @param details     the kind's facts, a JSON object
 */
public record CustodyEntry(UUID eventId, String tenantId, UUID recordingId, CustodyKind kind, Instant occurredAt,
        Map<String, Object> details) {

    /**
     * @param event a {@code CallEnded}
     * @return its entry: provider, provider ids and account, call start and end, duration (seconds), channels,
     *         direction, agent, whether a recording is available and why not
     */
    public static CustodyEntry of(CallEnded event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", event.getProvider().name());
        details.put("providerCallId", event.getProviderCallId());
        details.put("providerRecordingId", event.getProviderRecordingId());
        details.put("providerAccountId", event.getProviderAccountId());
        details.put("callStartedAt", iso(event.getCallStartedAt()));
        details.put("callEndedAt", iso(event.getCallEndedAt()));
        details.put("durationSeconds", event.getDurationSeconds());
        details.put("channels", event.getChannels());
        details.put("direction", event.getDirection() == null ? null : event.getDirection().name());
        details.put("agentId", event.getAgentId());
        details.put("recordingAvailable", event.getRecordingAvailable());
        details.put("unavailableReason", event.getUnavailableReason());
        return new CustodyEntry(event.getEventId(), event.getTenantId(), event.getRecordingId(),
                CustodyKind.CALL_ENDED, event.getOccurredAt(), details);
    }

    /**
     * @param event a {@code RecordingStored}
     * @return its entry: provider, bucket, object key, content type, size (bytes), SHA-256 (lowercase hex), duration
     *         (seconds), channels, and how the audio came: {@code origin} {@code UPLOADED} (provider {@code UPLOAD}: a
     *         recorder uploaded it directly) with {@code uploadedBy} the uploader's subject, or {@code FETCHED} (from
     *         the provider) with {@code uploadedBy} {@code null}
     */
    public static CustodyEntry of(RecordingStored event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", event.getProvider().name());
        details.put("bucket", event.getBucket());
        details.put("objectKey", event.getObjectKey());
        details.put("contentType", event.getContentType());
        details.put("sizeBytes", event.getSizeBytes());
        details.put("sha256", event.getSha256());
        details.put("durationSeconds", event.getDurationSeconds());
        details.put("channels", event.getChannels());
        boolean uploaded = event.getProvider() == Provider.UPLOAD;
        details.put("origin", uploaded ? "UPLOADED" : "FETCHED");
        details.put("uploadedBy", uploaded ? event.getUploadedBy() : null);
        return new CustodyEntry(event.getEventId(), event.getTenantId(), event.getRecordingId(),
                CustodyKind.RECORDING_STORED, event.getOccurredAt(), details);
    }

    /**
     * @param event a {@code RecordingDerived}
     * @return its entry: the chain of custody from the original to the rendition: rendition, the original's key and
     *         SHA-256, the rendition's key, SHA-256, size and media type, codec, bitrate, channels, encoder parameters
     */
    public static CustodyEntry of(RecordingDerived event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rendition", event.getRendition().name());
        details.put("sourceObjectKey", event.getSourceObjectKey());
        details.put("sourceSha256", event.getSourceSha256());
        details.put("objectKey", event.getObjectKey());
        details.put("sha256", event.getSha256());
        details.put("sizeBytes", event.getSizeBytes());
        details.put("contentType", event.getContentType());
        details.put("codec", event.getCodec());
        details.put("bitrateBps", event.getBitrateBps());
        details.put("channels", event.getChannels());
        details.put("parameters", event.getParameters());
        return new CustodyEntry(event.getEventId(), event.getTenantId(), event.getRecordingId(),
                CustodyKind.RECORDING_DERIVED, event.getOccurredAt(), details);
    }

    /**
     * @param event a {@code RecordingFetchFailed}
     * @return its entry: provider, reason (the schema keeps secrets and credentialed URLs out of it), error code,
     *         the provider's HTTP status, retryable, attempts, next attempt
     */
    public static CustodyEntry of(RecordingFetchFailed event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", event.getProvider().name());
        details.put("reason", event.getReason());
        details.put("errorCode", event.getErrorCode());
        details.put("httpStatus", event.getHttpStatus());
        details.put("retryable", event.getRetryable());
        details.put("attempts", event.getAttempts());
        details.put("nextAttemptAt", iso(event.getNextAttemptAt()));
        return new CustodyEntry(event.getEventId(), event.getTenantId(), event.getRecordingId(),
                CustodyKind.RECORDING_FETCH_FAILED, event.getOccurredAt(), details);
    }

    /**
     * @param event a {@code RecordingDeleted}
     * @return its entry: reason, who deleted it (a subject, when a person did), the deleted object's key
     */
    public static CustodyEntry of(RecordingDeleted event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", event.getReason().name());
        details.put("deletedBy", event.getDeletedBy());
        details.put("objectKey", event.getObjectKey());
        return new CustodyEntry(event.getEventId(), event.getTenantId(), event.getRecordingId(),
                CustodyKind.RECORDING_DELETED, event.getOccurredAt(), details);
    }

    /**
     * @param event a {@code RecordingLifecycleChanged}
     * @return its entry, {@link CustodyKind#LEGAL_HOLD_PLACED} or {@link CustodyKind#LEGAL_HOLD_RELEASED} (an unknown
     *         change: {@link CustodyKind#LIFECYCLE_CHANGED}): the hold's reason, who changed it (a subject), whether
     *         object storage applied it too
     */
    public static CustodyEntry of(RecordingLifecycleChanged event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("change", event.getChange().name());
        details.put("reason", event.getReason());
        details.put("changedBy", event.getChangedBy());
        details.put("appliedInStore", event.getAppliedInStore());
        CustodyKind kind = switch (event.getChange()) {
            case LEGAL_HOLD_PLACED -> CustodyKind.LEGAL_HOLD_PLACED;
            case LEGAL_HOLD_RELEASED -> CustodyKind.LEGAL_HOLD_RELEASED;
            case OTHER -> CustodyKind.LIFECYCLE_CHANGED;
        };
        return new CustodyEntry(event.getEventId(), event.getTenantId(), event.getRecordingId(), kind,
                event.getOccurredAt(), details);
    }

    /** @return the details, unmodifiable */
    @Override
    public Map<String, Object> details() {
        return Collections.unmodifiableMap(details);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
