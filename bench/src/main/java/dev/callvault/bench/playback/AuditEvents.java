package dev.callvault.bench.playback;

import dev.callvault.bench.BenchStack;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.testing.DevJwts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code STREAM} events audit-service stored for a recording, counted through its API as a compliance officer
 * would read them: {@code GET /v1/audit-events?recordingId=<id>&action=STREAM&page=0&size=1} with a dev JWT of scope
 * {@code audit:read} for tenant {@code demo} (the recordings' tenant), reading the page's {@code totalItems} (events
 * matching the filters; one event per page is enough, no paging through them).
 */
final class AuditEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param stack the run's stack ({@code audit-service.url}, the JWT secret)
     */
    AuditEvents(BenchStack stack) {
        this.baseUrl = stack.addresses().get("audit-service.url");
        this.token = DevJwts.issue(stack.environment().property("callvault.security.jwt.hmac-secret",
                LocalDefaults.JWT_SECRET), "callvault-bench-auditor", LocalDefaults.TENANT, Duration.ofHours(3),
                "audit:read");
    }

    /**
     * Counts the recording's {@code STREAM} events.
     *
     * @param recordingId the recording, of tenant {@code demo}
     * @return the events stored
     * @throws IllegalStateException if audit-service does not answer 200 with a {@code totalItems}
     */
    long streams(UUID recordingId) {
        JsonNode total = page(recordingId).path("totalItems");
        if (!total.isNumber()) {
            throw new IllegalStateException("audit-service's page has no totalItems");
        }
        return total.asLong();
    }

    private JsonNode page(UUID recordingId) {
        URI uri = URI.create(baseUrl + "/v1/audit-events?recordingId=" + recordingId
                + "&action=STREAM&page=0&size=1");
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("audit-service answered " + response.statusCode() + " to "
                        + uri.getPath() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("no answer from audit-service", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
