package dev.callvault.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Object keys of recordings in the {@code recordings} bucket: {@code <tenantId>/<yyyy>/<MM>/<dd>/<recordingId>.<ext>},
 * dated by the call's end in UTC ({@code docs/architecture.md}, "Identifiers and object keys").
 */
public final class ObjectKeys {

    private static final DateTimeFormatter DATE_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");
    private static final Pattern DERIVATIVE_SUFFIX = Pattern.compile("[a-z0-9]{1,16}\\.[a-z0-9]{1,8}");

    /** Suffix of a recording's waveform peaks (media-worker). */
    public static final String PEAKS = "peaks.json";

    /** Suffix of a recording's Ogg Opus rendition (media-worker). */
    public static final String OPUS = "opus.ogg";

    /** Every derivative suffix media-worker writes next to a recording. */
    public static final java.util.List<String> DERIVATIVES = java.util.List.of(PEAKS, OPUS);

    private ObjectKeys() {
    }

    /**
     * Whether a key is one of a recording's derivatives ({@link #DERIVATIVES}).
     *
     * @param key          any key of the bucket
     * @param recordingKey a recording's key, may be {@code null}
     * @return whether {@code key} is {@code derivativeOf(recordingKey, suffix)} for a known suffix
     */
    public static boolean isDerivativeOf(String key, String recordingKey) {
        if (key == null || recordingKey == null) {
            return false;
        }
        int slash = recordingKey.lastIndexOf('/');
        int dot = recordingKey.lastIndexOf('.');
        return dot > slash + 1 && DERIVATIVES.stream().anyMatch(suffix -> key.equals(derivativeOf(recordingKey, suffix)));
    }

    /**
     * Builds the object key of a recording.
     *
     * @param tenantId    the tenant, used as the first path segment
     * @param callEndedAt when the call ended; its UTC date gives the folders
     * @param recordingId the recording id
     * @param extension   file extension without the dot, lower case ({@code mp3}, {@code wav}, ...)
     * @return the key, e.g. {@code acme/2026/11/22/0b6f….mp3}
     * @throws IllegalArgumentException if the tenant contains a slash or the extension is not 1-8 lower-case
     *                                  letters or digits
     */
    public static String of(String tenantId, Instant callEndedAt, UUID recordingId, String extension) {
        Objects.requireNonNull(callEndedAt, "callEndedAt");
        Objects.requireNonNull(recordingId, "recordingId");
        if (tenantId == null || tenantId.isBlank() || tenantId.contains("/")) {
            throw new IllegalArgumentException("tenantId must be a non-blank path segment");
        }
        if (extension == null || !EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("extension must be 1-8 lower-case letters or digits");
        }
        return tenantId + "/" + DATE_PATH.format(callEndedAt) + "/" + recordingId + "." + extension;
    }

    /**
     * Whether an object key lies in a tenant's part of the bucket: its first path segment is the tenant. A consumer
     * checks this before it trusts the key of an event, so that an event (forged or misrouted) can never point one
     * tenant's recording at another tenant's object.
     *
     * @param objectKey a key from an event, may be {@code null}
     * @param tenantId  the event's tenant, may be {@code null}
     * @return {@code true} if the key is {@code <tenantId>/<something>}
     */
    public static boolean belongsTo(String objectKey, String tenantId) {
        return objectKey != null && tenantId != null && !tenantId.isBlank() && !tenantId.contains("/")
                && objectKey.length() > tenantId.length() + 1 && objectKey.startsWith(tenantId + "/");
    }

    /**
     * The key of a derivative of a recording (waveform peaks, a rendition), stored next to the recording's object:
     * the recording's key with its extension replaced by the derivative's suffix. Such keys never match the
     * recording-key shape {@code <recordingId>.<ext>} (the suffix has a dot of its own), so no scan takes a
     * derivative for a recording.
     *
     * @param recordingKey the recording's object key, {@code <tenantId>/<yyyy>/<MM>/<dd>/<recordingId>.<ext>}
     * @param suffix       the derivative's kind and extension, e.g. {@code peaks.json}: lower-case letters and
     *                     digits around exactly one dot
     * @return e.g. {@code acme/2026/11/22/0b6f….peaks.json}
     * @throws IllegalArgumentException if the key has no extension after its last slash or the suffix is malformed
     */
    public static String derivativeOf(String recordingKey, String suffix) {
        Objects.requireNonNull(recordingKey, "recordingKey");
        if (suffix == null || !DERIVATIVE_SUFFIX.matcher(suffix).matches()) {
            throw new IllegalArgumentException("suffix must be <kind>.<ext> in lower-case letters and digits");
        }
        int slash = recordingKey.lastIndexOf('/');
        int dot = recordingKey.lastIndexOf('.');
        if (dot <= slash + 1) {
            throw new IllegalArgumentException("not a recording key: " + recordingKey);
        }
        return recordingKey.substring(0, dot + 1) + suffix;
    }
}
