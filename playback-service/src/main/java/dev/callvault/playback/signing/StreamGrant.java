package dev.callvault.playback.signing;

import java.time.Instant;
import java.util.UUID;

/**
 * What a stream URL grants, once its signature is verified.
 *
 * @param recordingId the recording
 * @param tenantId    its tenant
 * @param subject     who minted the URL
 * @param expiresAt   end of validity (whole seconds)
 * @param disposition inline or attachment
 * @param kid         the key that signed it
 * @param rendition   which bytes it streams
 */
public record StreamGrant(UUID recordingId, String tenantId, String subject, Instant expiresAt,
        Disposition disposition, String kid, PlaybackRendition rendition) {
}
