package dev.callvault.playback.events;

import dev.callvault.platform.security.DashboardClaims;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/recordings/events} ({@code text/event-stream}, scope {@code recordings:read}): the caller's tenant's
 * recordings becoming {@code AVAILABLE} or {@code FAILED}, as they happen, so dashboards stop polling. See
 * {@link RecordingEventBroadcaster} for the event format. A stream ends when the caller's token expires; a tenant holds
 * at most {@code callvault.playback.events.max-subscribers-per-tenant} streams per instance (429 beyond).
 */
@RestController
class RecordingEventsController {

    private final RecordingEventBroadcaster broadcaster;

    RecordingEventsController(RecordingEventBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @GetMapping(path = "/v1/recordings/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@AuthenticationPrincipal Jwt jwt) {
        return broadcaster.subscribe(DashboardClaims.tenantId(jwt), jwt.getExpiresAt());
    }
}
