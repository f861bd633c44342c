package dev.callvault.playback.access;

import dev.callvault.events.AccessAction;
import java.time.Instant;
import java.util.UUID;

/**
 * One access to audit.
 *
 * @param tenantId       owner of the recording
 * @param recordingId    the recording
 * @param subject        who: the JWT subject, or for streams the subject the signed URL names
 * @param action         {@code URL_ISSUED}, {@code STREAM} or {@code DOWNLOAD}
 * @param requestedRange the {@code Range} header as received, or {@code null}
 * @param httpStatus     the status answered (201, 200, 206, 304, 403, 416...)
 * @param clientAddress  the client's IP address, or {@code null}
 * @param userAgent      the {@code User-Agent} header, or {@code null}
 * @param urlExpiresAt   expiry of the URL issued or used, or {@code null}
 */
public record Access(String tenantId, UUID recordingId, String subject, AccessAction action, String requestedRange,
        int httpStatus, String clientAddress, String userAgent, Instant urlExpiresAt) {
}
