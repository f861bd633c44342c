package dev.callvault.playback.signing;

import dev.callvault.events.AccessAction;
import dev.callvault.platform.security.DashboardClaims;
import dev.callvault.playback.PlaybackProperties;
import dev.callvault.playback.access.Access;
import dev.callvault.playback.access.AccessAuditor;
import dev.callvault.playback.readmodel.PlaybackRecording;
import dev.callvault.playback.readmodel.RecordingNotFoundException;
import dev.callvault.playback.readmodel.RecordingStatus;
import dev.callvault.playback.readmodel.Recordings;
import dev.callvault.playback.readmodel.Renditions;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/recordings/{recordingId}/playback-url} (scope {@code recordings:read}, tenant-scoped): mints a
 * signed stream URL ({@link UrlSigner}). Optional JSON body {@code {"disposition": "inline"|"attachment",
 * "ttlSeconds": n, "rendition": "original"|"opus"}} with {@code 1 <= n <= max-url-ttl} seconds; calling it again mints
 * a fresh URL. A URL of a rendition is minted only when media-worker derived that rendition from the recording's
 * current object (409 otherwise).
 *
 * <p>Answers 201 {@code {"url", "expiresAt", "expiresIn"}} ({@code expiresIn} in seconds) once the
 * {@code URL_ISSUED} access is acknowledged by the broker; 400 for an invalid body, 404 for an unknown id or another
 * tenant's, 409 with the {@code status} when the recording is not {@code AVAILABLE}, 503 when the access cannot be
 * audited (no URL is handed out then).
 */
@RestController
class PlaybackUrlController {

    private final Recordings recordings;
    private final Renditions renditions;
    private final UrlSigner signer;
    private final AccessAuditor auditor;
    private final PlaybackProperties properties;
    private final Clock clock;

    PlaybackUrlController(Recordings recordings, Renditions renditions, UrlSigner signer, AccessAuditor auditor,
            PlaybackProperties properties, Clock clock) {
        this.recordings = recordings;
        this.renditions = renditions;
        this.signer = signer;
        this.auditor = auditor;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/v1/recordings/{recordingId}/playback-url")
    ResponseEntity<PlaybackUrlResponse> mint(@PathVariable UUID recordingId,
            @RequestBody(required = false) PlaybackUrlRequest body, @AuthenticationPrincipal Jwt jwt,
            HttpServletRequest request) {
        PlaybackUrlRequest asked = body == null ? new PlaybackUrlRequest(null, null, null) : body;
        Disposition disposition = disposition(asked.disposition());
        PlaybackRendition rendition = rendition(asked.rendition());
        Duration ttl = ttl(asked.ttlSeconds());
        String tenantId = DashboardClaims.tenantId(jwt);
        PlaybackRecording recording = recordings.findOwned(recordingId, tenantId)
                .orElseThrow(() -> new RecordingNotFoundException(recordingId));
        if (recording.getStatus() != RecordingStatus.AVAILABLE) {
            throw new RecordingNotAvailableException(recordingId, recording.getStatus());
        }
        if (rendition.rendition().isPresent()
                && renditions.current(recording, rendition.rendition().get()).isEmpty()) {
            throw new RenditionNotAvailableException(recordingId, rendition);
        }
        SignedUrl url = signer.sign(recordingId, tenantId, jwt.getSubject(), ttl, disposition, rendition);
        auditor.publish(new Access(tenantId, recordingId, jwt.getSubject(), AccessAction.URL_ISSUED, null,
                HttpStatus.CREATED.value(), request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT),
                url.expiresAt()));
        long expiresIn = Math.max(0, Duration.between(clock.instant(), url.expiresAt()).toSeconds());
        return ResponseEntity.status(HttpStatus.CREATED)
                // the body is a capability: no cache may keep it
                .cacheControl(CacheControl.noStore())
                .body(new PlaybackUrlResponse(url.url().toString(), url.expiresAt(), expiresIn));
    }

    private static Disposition disposition(String value) {
        if (value == null) {
            return Disposition.INLINE;
        }
        return Disposition.fromWire(value).orElseThrow(() -> new InvalidPlaybackRequestException(
                "disposition must be \"inline\" or \"attachment\""));
    }

    private static PlaybackRendition rendition(String value) {
        if (value == null) {
            return PlaybackRendition.ORIGINAL;
        }
        return PlaybackRendition.fromWire(value).orElseThrow(() -> new InvalidPlaybackRequestException(
                "rendition must be \"original\" or \"opus\""));
    }

    private Duration ttl(Long ttlSeconds) {
        if (ttlSeconds == null) {
            return properties.urlTtl();
        }
        long max = properties.maxUrlTtl().toSeconds();
        if (ttlSeconds < 1 || ttlSeconds > max) {
            throw new InvalidPlaybackRequestException("ttlSeconds must be between 1 and " + max + " seconds");
        }
        return Duration.ofSeconds(ttlSeconds);
    }

    /**
     * Optional body.
     *
     * @param disposition {@code inline} (default) or {@code attachment}
     * @param ttlSeconds  validity in seconds, default {@code callvault.playback.url-ttl}
     * @param rendition   {@code original} (default) or {@code opus}
     */
    record PlaybackUrlRequest(String disposition, Long ttlSeconds, String rendition) {
    }

    /**
     * @param url       the signed stream URL
     * @param expiresAt its expiry, ISO-8601 UTC
     * @param expiresIn seconds from now until it expires
     */
    record PlaybackUrlResponse(String url, Instant expiresAt, long expiresIn) {
    }
}
