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
 * The access events audit-service stored for a recording, counted through its API as a compliance officer would read
 * them: {@code GET /v1/audit-events?recordingId=<id>&page=0&size=1} with a dev JWT of scope {@code audit:read} for
 * tenant {@code demo} (the recordings' tenant), reading the page's {@code totalItems} (events matching the filters;
 * one event per page is enough, no paging through them).
 *
 * <p>The API may or may not filter by {@code action}: on the first count this asks for {@code action=DOWNLOAD} (an
 * action the bench never causes) beside the unfiltered count. If the API filters, fewer events come back, and every
 * count then adds {@code action=STREAM}; if it ignores the parameter, the answer holds other actions and every count
 * is of all the recording's events (the benchmark only streams its recordings; the one {@code URL_ISSUED} event per
 * signed URL is minted before the levels, so the per-level deltas are of {@code STREAM} events either way).
 */
final class AuditEvents {

    /** Whether the API filters by {@code action}, as the first count found. */
    enum ActionFilter {
        /** {@code action=STREAM} is sent and honoured. */
        USED,
        /** the API ignores {@code action}: all the recording's events are counted. */
        NOT_OFFERED,
        /** the recording had no event at the first count, so it could not be told: all events are counted. */
        UNDETERMINED
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ActionFilter actionFilter;

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
     * Counts the recording's {@code STREAM} events (all its events if the API has no action filter; see
     * {@link #actionFilter()}).
     *
     * @param recordingId the recording, of tenant {@code demo}
     * @return the events stored
     * @throws IllegalStateException if audit-service does not answer 200
     */
    long streams(UUID recordingId) {
        if (actionFilter == null) {
            long all = total(page(recordingId, null));
            JsonNode downloads = page(recordingId, "DOWNLOAD");
            boolean otherActions = false;
            for (JsonNode item : downloads.path("items")) {
                otherActions |= !"DOWNLOAD".equals(item.path("action").asString());
            }
            actionFilter = otherActions ? ActionFilter.NOT_OFFERED : total(downloads) < all ? ActionFilter.USED
                    : ActionFilter.UNDETERMINED;
        }
        return total(page(recordingId, actionFilter == ActionFilter.USED ? "STREAM" : null));
    }

    /** @return whether the counts are filtered by {@code action}; {@code null} before the first count */
    ActionFilter actionFilter() {
        return actionFilter;
    }

    private JsonNode page(UUID recordingId, String action) {
        URI uri = URI.create(baseUrl + "/v1/audit-events?recordingId=" + recordingId
                + (action == null ? "" : "&action=" + action) + "&page=0&size=1");
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

    /** {@code totalItems}, or {@code total} should the page name it so. */
    private static long total(JsonNode page) {
        JsonNode total = page.has("totalItems") ? page.path("totalItems") : page.path("total");
        if (!total.isNumber()) {
            throw new IllegalStateException("audit-service's page has no total: " + page);
        }
        return total.asLong();
    }
}
