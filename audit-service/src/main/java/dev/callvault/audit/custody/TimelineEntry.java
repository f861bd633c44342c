package dev.callvault.audit.custody;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One entry of a custody timeline.
 *
 * @param eventId    the event's id
 * @param kind       what happened
 * @param occurredAt when it happened, ISO-8601 UTC
 * @param details    the kind's facts, a JSON object (see {@link CustodyEntry}; for {@code RECORDING_ACCESSED}:
 *                   {@code subject, action, requestedRange, httpStatus, clientAddress, userAgent, urlExpiresAt})
 */
public record TimelineEntry(UUID eventId, CustodyKind kind, Instant occurredAt, JsonNode details) {
}
