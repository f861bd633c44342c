package dev.callvault.dashboard.api;

import dev.callvault.dashboard.backend.Backends;
import dev.callvault.dashboard.backend.Backends.Service;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/recordings/events}: playback-service's live feed of the tenant's recordings becoming
 * {@code AVAILABLE} or {@code FAILED} ({@code text/event-stream}, W3C Server-Sent Events), relayed byte for byte with
 * the user's token, so the page updates its rows without polling. The feed ends when the token the BFF used expires;
 * the browser's {@code EventSource} then reconnects and the BFF opens it again with a fresh token. Each relay holds
 * one virtual thread and an 8 KiB buffer.
 */
@RestController
class LiveFeed {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final Backends backends;

    LiveFeed(Backends backends) {
        this.backends = backends;
    }

    @GetMapping("/api/recordings/events")
    void relay(Authentication user, HttpServletResponse response) throws IOException {
        HttpResponse<InputStream> upstream = backends.stream(Service.PLAYBACK, "/v1/recordings/events", user);
        try (InputStream events = upstream.body()) {
            response.setStatus(upstream.statusCode());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setContentType(upstream.headers().firstValue(HttpHeaders.CONTENT_TYPE)
                    .orElse(MediaType.TEXT_EVENT_STREAM_VALUE));
            OutputStream out = response.getOutputStream();
            out.flush();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = events.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            log.debug("live feed relay ended: {}", e.toString());
        }
    }
}
