package dev.callvault.audit.log;

import java.time.Instant;
import java.util.UUID;

/**
 * One access event as {@code GET /v1/audit-events} shows it. Every field is always present; unknown values are
 * {@code null}; instants are ISO-8601 UTC.
 *
 * @param eventId        the event's id
 * @param recordingId    the recording accessed
 * @param subject        who: the JWT subject that minted or used the URL
 * @param action         {@code URL_ISSUED}, {@code STREAM}, {@code DOWNLOAD} or {@code OTHER}
 * @param requestedRange the {@code Range} header as requested, or {@code null}
 * @param httpStatus     the HTTP status answered
 * @param clientAddress  the client's IP address, or {@code null}
 * @param userAgent      the client's {@code User-Agent}, or {@code null}
 * @param urlExpiresAt   expiry of the signed URL issued or used, or {@code null}
 * @param occurredAt     when the access happened
 */
public record AuditEventResponse(UUID eventId, UUID recordingId, String subject, String action,
        String requestedRange, int httpStatus, String clientAddress, String userAgent, Instant urlExpiresAt,
        Instant occurredAt) {
}
