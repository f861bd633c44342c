package dev.callvault.dashboard.api;

import dev.callvault.dashboard.DashboardProperties;
import dev.callvault.dashboard.backend.Backends;
import dev.callvault.dashboard.backend.Backends.Service;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app's recordings API; each call goes to the service that owns it with the user's token, and its answer
 * (JSON or problem detail) comes back as the service gave it.
 *
 * <ul>
 *   <li>{@code GET /api/recordings?status=&provider=&from=&to=&agentId=&phone=&direction=&callId=
 *       &minDurationSeconds=&maxDurationSeconds=&minSilenceRatio=&page=&size=} - storage-service's list.</li>
 *   <li>{@code GET /api/recordings/{id}} - the catalog entry.</li>
 *   <li>{@code GET /api/recordings/{id}/custody?page=&size=} - audit-service's custody timeline.</li>
 *   <li>{@code GET /api/recordings/{id}/peaks} - playback-service's waveform peaks (BBC audiowaveform JSON, version 2),
 *       audited there as {@code PEAKS}; 404 until media-worker analysed the recording.</li>
 *   <li>{@code POST /api/recordings/{id}/playback-url}, body {@code {"disposition": "inline"|"attachment",
 *       "rendition": "original"|"opus"}} - a signed URL from playback-service, valid
 *       {@code callvault.dashboard.playback-url-ttl}.</li>
 *   <li>{@code PUT /api/recordings/{id}/legal-hold} {@code {"reason"}}, {@code DELETE .../legal-hold},
 *       {@code DELETE /api/recordings/{id}}, {@code POST /api/recordings/{id}/fetch-requests} (fetch a
 *       {@code PENDING} or {@code FAILED} recording again) - storage-service, scope {@code recordings:admin}.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/recordings")
class RecordingsApi {

    private static final List<String> LIST_FILTERS = List.of("status", "provider", "from", "to", "agentId", "phone",
            "direction", "callId", "minDurationSeconds", "maxDurationSeconds", "minSilenceRatio", "page", "size");
    private static final List<String> PAGING = List.of("page", "size");

    private final Backends backends;
    private final DashboardProperties properties;
    private final JsonMapper json;

    RecordingsApi(Backends backends, DashboardProperties properties, JsonMapper json) {
        this.backends = backends;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping
    ResponseEntity<byte[]> list(@RequestParam Map<String, String> parameters, Authentication user) {
        return backends.call(Service.STORAGE, "GET", Queries.of("/v1/recordings", parameters, LIST_FILTERS), null,
                user);
    }

    @GetMapping("/{recordingId}")
    ResponseEntity<byte[]> get(@PathVariable UUID recordingId, Authentication user) {
        return backends.call(Service.STORAGE, "GET", "/v1/recordings/" + recordingId, null, user);
    }

    @GetMapping("/{recordingId}/custody")
    ResponseEntity<byte[]> custody(@PathVariable UUID recordingId, @RequestParam Map<String, String> parameters,
            Authentication user) {
        return backends.call(Service.AUDIT, "GET",
                Queries.of("/v1/recordings/" + recordingId + "/custody", parameters, PAGING), null, user);
    }

    @GetMapping("/{recordingId}/peaks")
    ResponseEntity<byte[]> peaks(@PathVariable UUID recordingId, Authentication user) {
        return backends.call(Service.PLAYBACK, "GET", "/v1/recordings/" + recordingId + "/peaks", null, user);
    }

    @PostMapping("/{recordingId}/playback-url")
    ResponseEntity<byte[]> playbackUrl(@PathVariable UUID recordingId,
            @RequestBody(required = false) PlaybackUrlRequest request, Authentication user) {
        String disposition = request != null && "attachment".equals(request.disposition()) ? "attachment" : "inline";
        // playback-service answers 404 when the recording has no such rendition, and 400 for an unknown one
        String rendition = request == null || request.rendition() == null ? "original" : request.rendition();
        byte[] body = json.writeValueAsBytes(Map.of("disposition", disposition, "rendition", rendition,
                "ttlSeconds", properties.playbackUrlTtl().toSeconds()));
        return backends.call(Service.PLAYBACK, "POST", "/v1/recordings/" + recordingId + "/playback-url", body,
                user);
    }

    @PutMapping("/{recordingId}/legal-hold")
    ResponseEntity<byte[]> placeHold(@PathVariable UUID recordingId, @RequestBody LegalHoldRequest request,
            Authentication user) {
        byte[] body = json.writeValueAsBytes(Map.of("reason", request.reason() == null ? "" : request.reason()));
        return backends.call(Service.STORAGE, "PUT", "/v1/recordings/" + recordingId + "/legal-hold", body, user);
    }

    @DeleteMapping("/{recordingId}/legal-hold")
    ResponseEntity<byte[]> releaseHold(@PathVariable UUID recordingId, Authentication user) {
        return backends.call(Service.STORAGE, "DELETE", "/v1/recordings/" + recordingId + "/legal-hold", null, user);
    }

    @PostMapping("/{recordingId}/fetch-requests")
    ResponseEntity<byte[]> requestFetch(@PathVariable UUID recordingId, Authentication user) {
        return backends.call(Service.STORAGE, "POST", "/v1/recordings/" + recordingId + "/fetch-requests", null,
                user);
    }

    @DeleteMapping("/{recordingId}")
    ResponseEntity<byte[]> delete(@PathVariable UUID recordingId, Authentication user) {
        return backends.call(Service.STORAGE, "DELETE", "/v1/recordings/" + recordingId, null, user);
    }

    /**
     * @param disposition {@code inline} (the player) or {@code attachment} (download)
     * @param rendition   {@code original} (when absent) or {@code opus}, the rendition media-worker derived
     */
    record PlaybackUrlRequest(String disposition, String rendition) {
    }

    /** @param reason why the recording is held, 1-500 characters (storage-service checks) */
    record LegalHoldRequest(String reason) {
    }

}
