package dev.callvault.bench.pipeline;

import dev.callvault.local.testing.DevJwts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's recordings as storage-service reports them, through its catalog API ({@code GET /v1/recordings}, newest
 * first, at most 100 per page) with a dev JWT of the tenant ({@code recordings:read}).
 */
public final class Catalog {

    private static final int PAGE_SIZE = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String storageUrl;
    private final String token;

    /**
     * @param storageUrl storage-service's base URL
     * @param jwtSecret  the stack's HS256 JWT secret
     * @param tenant     the tenant whose recordings are read
     */
    public Catalog(String storageUrl, String jwtSecret, String tenant) {
        this.storageUrl = storageUrl;
        this.token = DevJwts.issue(jwtSecret, "callvault-bench", tenant, "recordings:read");
    }

    /**
     * @param status a catalog status ({@code AVAILABLE}, ...), or {@code null} for every row of the tenant
     * @return how many catalog rows of the tenant have it ({@code totalItems} of the list)
     * @throws IllegalStateException if storage-service does not answer 200
     */
    public long count(String status) {
        return page(status, 0, 1).path("totalItems").asLong();
    }

    /**
     * Pages through the tenant's {@code AVAILABLE} recordings and returns, for those asked for, when their catalog
     * entry last changed ({@code updatedAt}: the moment storage-service made it {@code AVAILABLE}, or applied the
     * {@code CallEnded} if that came after the {@code RecordingStored}).
     *
     * @param wanted recording ids to look for
     * @return the ids found {@code AVAILABLE}, with their {@code updatedAt}
     * @throws IllegalStateException if storage-service does not answer 200
     */
    public Map<UUID, Instant> available(Set<UUID> wanted) {
        Map<UUID, Instant> found = new HashMap<>();
        for (int page = 0; found.size() < wanted.size(); page++) {
            JsonNode items = page("AVAILABLE", page, PAGE_SIZE).path("items");
            for (JsonNode item : items) {
                UUID id = UUID.fromString(item.path("id").asString());
                if (wanted.contains(id)) {
                    found.put(id, Instant.parse(item.path("updatedAt").asString()));
                }
            }
            if (items.size() < PAGE_SIZE) {
                break;
            }
        }
        return found;
    }

    /**
     * Pages through the tenant's {@code AVAILABLE} recordings and counts those asked for whose entry carries
     * media-worker's {@code analysis} (analysed or failed: its fact arrived).
     *
     * @param wanted recording ids to look for
     * @return how many of them have an analysis
     * @throws IllegalStateException if storage-service does not answer 200
     */
    public long analysed(Set<UUID> wanted) {
        long analysed = 0;
        int seen = 0;
        for (int page = 0; seen < wanted.size(); page++) {
            JsonNode items = page("AVAILABLE", page, PAGE_SIZE).path("items");
            for (JsonNode item : items) {
                if (wanted.contains(UUID.fromString(item.path("id").asString()))) {
                    seen++;
                    if (item.path("analysis").isObject()) {
                        analysed++;
                    }
                }
            }
            if (items.size() < PAGE_SIZE) {
                break;
            }
        }
        return analysed;
    }

    private JsonNode page(String status, int page, int size) {
        String query = "?page=" + page + "&size=" + size + (status == null ? "" : "&status=" + status);
        HttpRequest request = HttpRequest.newBuilder(URI.create(storageUrl + "/v1/recordings" + query))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/recordings" + query + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("storage-service did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the catalog", e);
        }
    }
}
