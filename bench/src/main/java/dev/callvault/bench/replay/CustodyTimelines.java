package dev.callvault.bench.replay;

import dev.callvault.bench.BenchStack;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.testing.DevJwts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recordings' custody timelines as audit-service serves them to a compliance officer:
 * {@code GET /v1/recordings/{recordingId}/custody?page=<n>&size=500} (audit-service's {@code CustodyController}:
 * oldest first, at most 500 entries a page, 404 when the tenant has no event for the recording) with a dev JWT of
 * scope {@code audit:read} for the recordings' tenant, every page read.
 */
final class CustodyTimelines {

    private static final int PAGE_SIZE = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * One recording's timeline, counted.
     *
     * @param perKind    entries per kind ({@code CALL_ENDED}, {@code RECORDING_STORED}, ...), by name
     * @param entries    entries of the whole timeline ({@code totalItems})
     * @param repeatedIds entries whose event id came earlier in the same timeline
     */
    record Counts(Map<String, Long> perKind, long entries, long repeatedIds) {

        /** The timeline of a recording audit-service has no event for (its 404). */
        static final Counts NONE = new Counts(Map.of(), 0, 0);
    }

    /**
     * @param stack  the run's stack ({@code audit-service.url}, the JWT secret)
     * @param tenant the recordings' tenant
     */
    CustodyTimelines(BenchStack stack, String tenant) {
        this.baseUrl = stack.addresses().get("audit-service.url");
        this.token = DevJwts.issue(stack.environment().property("callvault.security.jwt.hmac-secret",
                LocalDefaults.JWT_SECRET), "callvault-bench-auditor", tenant, Duration.ofHours(3), "audit:read");
    }

    /**
     * Reads a recording's whole timeline.
     *
     * @param recordingId the recording, of the tenant
     * @return its entries counted; {@link Counts#NONE} if audit-service has none (404)
     * @throws IllegalStateException if audit-service answers anything but 200 or 404
     */
    Counts count(UUID recordingId) {
        Map<String, Long> perKind = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        long repeated = 0;
        long total = 0;
        for (int page = 0; ; page++) {
            JsonNode timeline = page(recordingId, page);
            if (timeline == null) {
                return Counts.NONE;
            }
            total = timeline.path("totalItems").asLong();
            JsonNode items = timeline.path("items");
            for (JsonNode item : items) {
                perKind.merge(item.path("kind").asString(), 1L, Long::sum);
                if (!ids.add(item.path("eventId").asString())) {
                    repeated++;
                }
            }
            if (items.size() < PAGE_SIZE || (long) (page + 1) * PAGE_SIZE >= total) {
                return new Counts(perKind, total, repeated);
            }
        }
    }

    /** @return the page's JSON, {@code null} for a 404 */
    private JsonNode page(UUID recordingId, int page) {
        URI uri = URI.create(baseUrl + "/v1/recordings/" + recordingId + "/custody?page=" + page + "&size="
                + PAGE_SIZE);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
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
