package dev.callvault.events;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Derives CallVault recording ids from a tenant and a provider's id, so that duplicate webhooks, reconciliation and
 * replays of one tenant converge on one recording, and two tenants never share one.
 *
 * <p>The id is the name-based (version 3, RFC 9562 section 5.3) UUID of
 * {@code "<tenantId>/<provider>:<providerRecordingId>"}, the provider in lower case: {@code acme/twilio:RE…}
 * (Twilio's {@code RecordingSid}), {@code acme/elevenlabs:<conversation_id>}, {@code acme/vapi:<call id>}. Two
 * tenants on one provider account, whose webhooks and listings name the same provider recording, therefore get two
 * recordings, each with its own object under its own tenant's prefix.
 *
 * <p>Recordings minted before the tenant was part of the name keep their ids ({@link #legacyOf}): every event carries
 * its recording id, so a replay of the topics never mints again, and reconciliation and the catalog recognise a
 * legacy id of the same tenant as the same recording. Direct uploads were tenant-scoped from the start and keep
 * their own name, {@code "upload:<tenantId>/<callId>"} ({@link #ofUpload}).
 */
public final class RecordingIds {

    private RecordingIds() {
    }

    /**
     * Computes the recording id of a tenant's provider recording.
     *
     * @param tenantId            the tenant that owns the recording, not blank, without {@code /}
     * @param provider            the provider (not {@code UPLOAD}: see {@link #ofUpload})
     * @param providerRecordingId the provider's own id of the recording, not blank
     * @return the recording id, stable across calls and processes
     * @throws IllegalArgumentException if the tenant is blank or contains {@code /}, the provider is {@code UPLOAD},
     *                                  or {@code providerRecordingId} is blank
     */
    public static UUID of(String tenantId, Provider provider, String providerRecordingId) {
        Objects.requireNonNull(provider, "provider");
        if (tenantId == null || tenantId.isBlank() || tenantId.contains("/")) {
            throw new IllegalArgumentException("tenantId must not be blank or contain '/'");
        }
        if (provider == Provider.UPLOAD) {
            throw new IllegalArgumentException("a direct upload's id is RecordingIds.ofUpload(tenantId, callId)");
        }
        return nameBased(tenantId + "/" + name(provider, providerRecordingId));
    }

    /**
     * Computes the recording id of a direct upload ({@code POST /v1/recordings}, tus): the name-based UUID of
     * {@code "upload:<tenantId>/<callId>"}, as it has been since uploads exist.
     *
     * @param tenantId the uploading tenant, not blank, without {@code /}
     * @param callId   the caller's call id, not blank
     * @return the recording id
     * @throws IllegalArgumentException if the tenant is blank or contains {@code /}, or {@code callId} is blank
     */
    public static UUID ofUpload(String tenantId, String callId) {
        if (tenantId == null || tenantId.isBlank() || tenantId.contains("/")) {
            throw new IllegalArgumentException("tenantId must not be blank or contain '/'");
        }
        if (callId == null || callId.isBlank()) {
            throw new IllegalArgumentException("callId must not be blank");
        }
        return nameBased(name(Provider.UPLOAD, tenantId + "/" + callId));
    }

    /**
     * Computes the id a provider recording had before the tenant was part of its name: the name-based UUID of
     * {@code "<provider>:<providerRecordingId>"}. Never minted for a new recording; used to recognise recordings that
     * already exist under it.
     *
     * @param provider            the provider
     * @param providerRecordingId the provider's own id of the recording, not blank
     * @return the legacy recording id
     * @throws IllegalArgumentException if {@code providerRecordingId} is blank
     */
    public static UUID legacyOf(Provider provider, String providerRecordingId) {
        Objects.requireNonNull(provider, "provider");
        return nameBased(name(provider, providerRecordingId));
    }

    /**
     * Whether an id is one a recording of this tenant, provider and provider id may have: the current id, or the
     * legacy one.
     *
     * @param recordingId         the id to check
     * @param tenantId            the tenant
     * @param provider            the provider (not {@code UPLOAD})
     * @param providerRecordingId the provider's own id of the recording
     * @return {@code true} if {@code recordingId} is {@link #of} or {@link #legacyOf} of them
     * @throws IllegalArgumentException as {@link #of} does
     */
    public static boolean matches(UUID recordingId, String tenantId, Provider provider, String providerRecordingId) {
        return of(tenantId, provider, providerRecordingId).equals(recordingId)
                || legacyOf(provider, providerRecordingId).equals(recordingId);
    }

    private static String name(Provider provider, String providerRecordingId) {
        if (providerRecordingId == null || providerRecordingId.isBlank()) {
            throw new IllegalArgumentException("providerRecordingId must not be blank");
        }
        return provider.name().toLowerCase(Locale.ROOT) + ":" + providerRecordingId;
    }

    private static UUID nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
