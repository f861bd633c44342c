package dev.callvault.playback.peaks;

import dev.callvault.events.AccessAction;
import dev.callvault.platform.security.DashboardClaims;
import dev.callvault.playback.access.Access;
import dev.callvault.playback.access.AccessAuditor;
import dev.callvault.playback.readmodel.PlaybackRecording;
import dev.callvault.playback.readmodel.RecordingNotFoundException;
import dev.callvault.playback.readmodel.RecordingStatus;
import dev.callvault.playback.readmodel.Recordings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /v1/recordings/{recordingId}/peaks} (scope {@code recordings:read}, tenant-scoped): the recording's
 * waveform peaks in BBC audiowaveform's JSON format, version 2 (audiowaveform's {@code doc/DataFormat.md}; peaks.js
 * and waveform-data.js read it directly), as media-worker derived them from the recording's current object.
 *
 * <p>Answers 200 {@code application/json} once the {@code PEAKS} access was acknowledged by the broker, with
 * {@code Cache-Control: no-store} (a cached copy would be read without an audit); 404 for an unknown id, another
 * tenant's, a recording that is not {@code AVAILABLE} or has no peaks of its current object yet; 503 when the access
 * cannot be audited or the store cannot be read. The body is copied in 64 KiB chunks.
 */
@RestController
class PeaksController {

    private static final int CHUNK = 64 * 1024;

    private final Recordings recordings;
    private final PeaksReader peaks;
    private final AccessAuditor auditor;

    PeaksController(Recordings recordings, PeaksReader peaks, AccessAuditor auditor) {
        this.recordings = recordings;
        this.peaks = peaks;
        this.auditor = auditor;
    }

    @GetMapping("/v1/recordings/{recordingId}/peaks")
    ResponseEntity<StreamingResponseBody> peaks(@PathVariable UUID recordingId, @AuthenticationPrincipal Jwt jwt,
            HttpServletRequest request) {
        String tenantId = DashboardClaims.tenantId(jwt);
        PlaybackRecording recording = recordings.findOwned(recordingId, tenantId)
                .orElseThrow(() -> new RecordingNotFoundException(recordingId));
        if (recording.getStatus() != RecordingStatus.AVAILABLE || recording.getObjectKey() == null) {
            throw new PeaksNotFoundException(recordingId);
        }
        PeaksReader.OpenPeaks open;
        try {
            open = peaks.open(recording.getBucket(), recording.getObjectKey(), recording.getSha256())
                    .orElseThrow(() -> new PeaksNotFoundException(recordingId));
        } catch (UncheckedIOException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "the waveform peaks cannot be read from object storage", e);
        }
        try {
            auditor.publish(new Access(tenantId, recordingId, jwt.getSubject(), AccessAction.PEAKS, null,
                    HttpStatus.OK.value(), request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT),
                    null));
        } catch (RuntimeException e) {
            open.close();
            throw e;
        }
        StreamingResponseBody body = out -> {
            try (InputStream in = open.body()) {
                byte[] buffer = new byte[CHUNK];
                for (int read = in.readNBytes(buffer, 0, CHUNK); read > 0; read = in.readNBytes(buffer, 0, CHUNK)) {
                    out.write(buffer, 0, read);
                }
            }
        };
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noStore());
        if (open.sizeBytes() >= 0) {
            answer.contentLength(open.sizeBytes());
        }
        return answer.body(body);
    }
}
