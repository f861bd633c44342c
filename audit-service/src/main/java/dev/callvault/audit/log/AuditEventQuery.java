package dev.callvault.audit.log;

import dev.callvault.events.AccessAction;
import java.time.Instant;
import java.util.UUID;

/**
 * The audit-events query: always one tenant; optionally one recording, one subject, one action and a half-open range
 * {@code [from, to)} of {@code occurredAt}; one page.
 *
 * @param tenantId    the caller's tenant
 * @param recordingId recording, or {@code null} for any
 * @param subject     exact JWT subject, or {@code null} for any
 * @param action      one access action ({@code URL_ISSUED}, {@code STREAM}, {@code DOWNLOAD}), or {@code null} for any
 * @param from        earliest {@code occurredAt}, inclusive, or {@code null}
 * @param to          latest {@code occurredAt}, exclusive, or {@code null}
 * @param page        page number, from 0
 * @param size        events per page, at least 1
 */
public record AuditEventQuery(String tenantId, UUID recordingId, String subject, AccessAction action, Instant from,
        Instant to, int page, int size) {
}
