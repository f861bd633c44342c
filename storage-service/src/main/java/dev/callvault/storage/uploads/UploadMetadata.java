package dev.callvault.storage.uploads;

import dev.callvault.events.CallDirection;
import dev.callvault.events.RecordingIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The call an uploaded recording belongs to, as the uploader describes it: the form fields of
 * {@code POST /v1/recordings} or the tus {@code Upload-Metadata} pairs of {@code POST /v1/uploads}. Only
 * {@code callId} is required; instants are ISO-8601 ({@code 2026-11-22T09:00:00Z}), numbers decimal.
 *
 * @param tenantId        the uploader's tenant (from its token)
 * @param callId          the recorder's id of the call, 1–200 printable characters, unique within the tenant: the
 *                        recording id is {@code RecordingIds.ofUpload(tenantId, callId)} ({@link RecordingIds}),
 *                        so one call is one recording however often it is uploaded, and two tenants' recorders never
 *                        collide (nor learn of each other's calls)
 * @param callStartedAt   call start, or {@code null}
 * @param callEndedAt     call end, or {@code null} (the object key's date is then the upload's)
 * @param durationSeconds duration in whole seconds (0–10,000,000), or {@code null}
 * @param channels        audio channels (1–32), or {@code null}
 * @param direction       {@code INBOUND}, {@code OUTBOUND} or {@code UNKNOWN}, or {@code null}
 * @param agentId         the agent on the call (at most 200 characters), or {@code null}
 * @param from            calling party (at most 64 characters), or {@code null}
 * @param to              called party (at most 64 characters), or {@code null}
 */
record UploadMetadata(String tenantId, String callId, Instant callStartedAt, Instant callEndedAt, Integer durationSeconds,
        Integer channels, CallDirection direction, String agentId, String from, String to) {

    /** The field and metadata names, in the order the multipart form expects them (all before the file). */
    static final Set<String> FIELDS = Set.of("callId", "callStartedAt", "callEndedAt", "durationSeconds", "channels",
            "direction", "agentId", "from", "to");

    /** @return the recording id of this call's upload */
    UUID recordingId() {
        return RecordingIds.ofUpload(tenantId, callId);
    }

    /**
     * Reads and checks the fields; unknown names are ignored.
     *
     * @param tenantId the uploader's tenant
     * @param fields   name → value
     * @return the metadata
     * @throws UploadRefusedException 400 naming the first missing or malformed field
     */
    static UploadMetadata parse(String tenantId, Map<String, String> fields) {
        String callId = text(fields, "callId", 200);
        if (callId == null) {
            throw UploadRefusedException.invalid("the call id (field 'callId') is required");
        }
        Instant started = instant(fields, "callStartedAt");
        Instant ended = instant(fields, "callEndedAt");
        if (started != null && ended != null && ended.isBefore(started)) {
            throw UploadRefusedException.invalid("'callEndedAt' must not be before 'callStartedAt'");
        }
        return new UploadMetadata(tenantId, callId, started, ended, number(fields, "durationSeconds", 0, 10_000_000),
                number(fields, "channels", 1, 32), direction(fields), text(fields, "agentId", 200),
                text(fields, "from", 64), text(fields, "to", 64));
    }

    private static String text(Map<String, String> fields, String name, int maxLength) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.strip();
        if (value.length() > maxLength || value.chars().anyMatch(Character::isISOControl)) {
            throw UploadRefusedException.invalid("'" + name + "' must be at most " + maxLength
                    + " printable characters");
        }
        return value;
    }

    private static Instant instant(Map<String, String> fields, String name) {
        String value = text(fields, name, 64);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw UploadRefusedException.invalid("'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-11-22T09:00:00Z");
        }
    }

    private static Integer number(Map<String, String> fields, String name, int min, int max) {
        String value = text(fields, name, 16);
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw UploadRefusedException.invalid("'" + name + "' must be a whole number from " + min + " to " + max);
    }

    private static CallDirection direction(Map<String, String> fields) {
        String value = text(fields, "direction", 16);
        if (value == null) {
            return null;
        }
        try {
            return CallDirection.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw UploadRefusedException.invalid("'direction' must be INBOUND, OUTBOUND or UNKNOWN");
        }
    }
}
