package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.local.testing.DevJwts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A dashboard of the test tenant using playback-service and audit-service. */
final class Playback {

    private Playback() {
    }

    static String token(String subject, String... scopes) {
        return DevJwts.issue(SystemUnderTest.JWT_SECRET, subject, SystemUnderTest.TENANT, scopes);
    }

    /** Waits until playback's read model has the recording AVAILABLE. */
    static void awaitAvailable(SystemUnderTest system, UUID recordingId, Duration timeout) {
        String token = token("dashboard", "recordings:read");
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = Webhooks.send(HttpRequest.newBuilder(URI.create(system.playback.baseUrl()
                            + "/v1/recordings/" + recordingId + "/availability"))
                    .header("Authorization", "Bearer " + token).GET().build());
            return response.statusCode() == 200 && Catalog.json(response.body()).path("available").asBoolean();
        });
    }

    /**
     * Mints a signed URL as {@code subject} and returns it pointed at the running playback-service (the signature
     * covers the path and query, not the host).
     */
    static URI mint(SystemUnderTest system, UUID recordingId, String subject) {
        HttpResponse<String> response = Webhooks.send(HttpRequest.newBuilder(URI.create(system.playback.baseUrl()
                        + "/v1/recordings/" + recordingId + "/playback-url"))
                .header("Authorization", "Bearer " + token(subject, "recordings:read"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttlSeconds\": 600}")).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        URI minted = URI.create(Catalog.json(response.body()).path("url").asString());
        return URI.create(system.playback.baseUrl() + minted.getRawPath() + "?" + minted.getRawQuery());
    }

    static JsonNode auditEvents(SystemUnderTest system, UUID recordingId) {
        HttpResponse<String> response = Webhooks.send(HttpRequest.newBuilder(URI.create(system.audit.baseUrl()
                        + "/v1/audit-events?recordingId=" + recordingId + "&size=500"))
                .header("Authorization", "Bearer " + token("auditor", "audit:read")).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Catalog.json(response.body());
    }
}
