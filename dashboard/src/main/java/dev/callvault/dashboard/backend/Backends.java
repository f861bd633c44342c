package dev.callvault.dashboard.backend;

import dev.callvault.dashboard.DashboardProperties;
import dev.callvault.dashboard.security.BackendTokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The BFF's calls to the services, each with the signed-in user's bearer token ({@link BackendTokens}); the token
 * never leaves this process. Answers are passed on as the service gave them (status, {@code Content-Type}, body:
 * JSON or an RFC 9457 problem), so the app sees the contract's errors. A service that cannot be reached answers 503
 * ({@link BackendUnavailableException}). JDK HTTP client on virtual threads, 5 s to connect, 30 s per call, no
 * redirects (a redirect would carry the token elsewhere).
 */
@Component
public class Backends {

    /** The services the BFF calls. */
    public enum Service {
        /** storage-service: the catalog, holds and deletions. */
        STORAGE("storage-service"),
        /** playback-service: signed URLs and the live feed. */
        PLAYBACK("playback-service"),
        /** audit-service: access log and custody timelines. */
        AUDIT("audit-service");

        private final String displayName;

        Service(String displayName) {
            this.displayName = displayName;
        }

        /** @return the service's name, for messages */
        public String displayName() {
            return displayName;
        }
    }

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final DashboardProperties properties;
    private final BackendTokens tokens;

    Backends(DashboardProperties properties, BackendTokens tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    /**
     * Calls a service and passes its answer on.
     *
     * @param service        the service
     * @param method         {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}
     * @param pathAndQuery   e.g. {@code /v1/recordings?status=AVAILABLE}, already encoded
     * @param jsonBody       the JSON body, or {@code null} for none
     * @param authentication the signed-in user
     * @return the service's status, {@code Content-Type} and body
     * @throws BackendUnavailableException if the service cannot be reached in time
     */
    public ResponseEntity<byte[]> call(Service service, String method, String pathAndQuery, byte[] jsonBody,
            Authentication authentication) {
        HttpRequest.Builder request = request(service, pathAndQuery, authentication).timeout(CALL_TIMEOUT)
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE + ", "
                        + MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (jsonBody != null) {
            request.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response = send(service, request.build(), HttpResponse.BodyHandlers.ofByteArray());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(response.statusCode());
        response.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(type -> answer.header(
                HttpHeaders.CONTENT_TYPE, type));
        answer.header(HttpHeaders.CACHE_CONTROL, "no-store");
        return answer.body(response.body());
    }

    /**
     * Opens a long-lived stream ({@code text/event-stream}); the caller reads and closes it.
     *
     * @param service        the service
     * @param pathAndQuery   the path
     * @param authentication the signed-in user
     * @return the service's answer with its body as a stream
     * @throws BackendUnavailableException if the service cannot be reached
     */
    public HttpResponse<InputStream> stream(Service service, String pathAndQuery, Authentication authentication) {
        HttpRequest request = request(service, pathAndQuery, authentication)
                .header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE).GET().build();
        return send(service, request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder request(Service service, String pathAndQuery, Authentication authentication) {
        URI base = switch (service) {
            case STORAGE -> properties.storageUrl();
            case PLAYBACK -> properties.playbackUrl();
            case AUDIT -> properties.auditUrl();
        };
        return HttpRequest.newBuilder(URI.create(stripSlash(base.toString()) + pathAndQuery))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.bearer(authentication));
    }

    private <T> HttpResponse<T> send(Service service, HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new BackendUnavailableException(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException(service, e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A service that could not be reached: 503. */
    public static final class BackendUnavailableException extends RuntimeException {

        private final Service service;

        BackendUnavailableException(Service service, Exception cause) {
            super(service.displayName() + " cannot be reached: " + cause.getClass().getSimpleName(), cause);
            this.service = service;
        }

        /** @return the service that could not be reached */
        public Service service() {
            return service;
        }

        /** @return 503 */
        public HttpStatus status() {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
    }
}
