package dev.callvault.system;

import static org.awaitility.Awaitility.await;

import dev.callvault.local.testing.DevJwts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the catalog through storage-service's REST API, as a dashboard of the test tenant would. */
final class Catalog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Catalog() {
    }

    static HttpResponse<String> get(SystemUnderTest system, UUID recordingId) {
        return get(system, SystemUnderTest.TENANT, recordingId);
    }

    /** Reads a recording's catalog entry as a reader of the tenant. */
    static HttpResponse<String> get(SystemUnderTest system, String tenant, UUID recordingId) {
        String token = DevJwts.issue(SystemUnderTest.JWT_SECRET, "system-test", tenant, "recordings:read");
        return Webhooks.send(HttpRequest.newBuilder(URI.create(system.storage.baseUrl() + "/v1/recordings/" + recordingId))
                .header("Authorization", "Bearer " + token)
                .GET().build());
    }

    /** Waits until the recording's catalog entry has the status, and returns the entry. */
    static JsonNode awaitStatus(SystemUnderTest system, UUID recordingId, String status, Duration timeout) {
        return awaitStatus(system, SystemUnderTest.TENANT, recordingId, status, timeout);
    }

    /** Waits until the tenant's catalog entry of the recording has the status, and returns the entry. */
    static JsonNode awaitStatus(SystemUnderTest system, String tenant, UUID recordingId, String status,
            Duration timeout) {
        JsonNode[] entry = new JsonNode[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = get(system, tenant, recordingId);
            if (response.statusCode() != 200) {
                return false;
            }
            entry[0] = JSON.readTree(response.body());
            return status.equals(entry[0].path("status").asString());
        });
        return entry[0];
    }

    static JsonNode json(String body) {
        return JSON.readTree(body);
    }
}
