package dev.callvault.playback.readmodel;

import dev.callvault.platform.security.DashboardClaims;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/recordings/{recordingId}/availability} for dashboards that poll (scope {@code recordings:read},
 * tenant-scoped; 404 problem detail for an unknown id or another tenant's).
 */
@RestController
class AvailabilityController {

    private final Recordings recordings;
    private final Renditions renditions;

    AvailabilityController(Recordings recordings, Renditions renditions) {
        this.recordings = recordings;
        this.renditions = renditions;
    }

    @GetMapping("/v1/recordings/{recordingId}/availability")
    AvailabilityResponse availability(@PathVariable UUID recordingId, @AuthenticationPrincipal Jwt jwt) {
        return recordings.findOwned(recordingId, DashboardClaims.tenantId(jwt))
                .map(r -> new AvailabilityResponse(r.getStatus() == RecordingStatus.AVAILABLE, r.getStatus(),
                        r.getLastFetchedAt(), renditionsOf(r)))
                .orElseThrow(() -> new RecordingNotFoundException(recordingId));
    }

    /**
     * @param available     whether a playback URL can be minted now
     * @param status        the read model's status
     * @param lastFetchedAt when the last fetch (successful or failed) happened, ISO-8601, or {@code null}
     * @param renditions    what a playback URL may stream now: {@code original}, then the renditions derived from the
     *                      recording's current object ({@code opus}); empty when not {@code AVAILABLE}
     */
    record AvailabilityResponse(boolean available, RecordingStatus status, Instant lastFetchedAt,
            java.util.List<String> renditions) {
    }

    private java.util.List<String> renditionsOf(PlaybackRecording recording) {
        if (recording.getStatus() != RecordingStatus.AVAILABLE) {
            return java.util.List.of();
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add("original");
        renditions.current(recording).forEach(rendition -> names.add(rendition.name().toLowerCase(
                java.util.Locale.ROOT)));
        return names;
    }
}
