package dev.callvault.audit.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.local.testing.DevJwts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Who may read the audit log: 401 and 403 as problem details; health and metrics open. */
class ApiSecurityTests extends IntegrationTestSupport {

    private static final List<String> ENDPOINTS = List.of("/v1/audit-events",
            "/v1/recordings/" + uniqueRecordingId() + "/custody");

    @Test
    void shouldAnswer401ProblemWithoutToken() {
        for (String path : ENDPOINTS) {
            HttpResponse<String> response = get(path, null);

            assertProblem(response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
        }
    }

    @Test
    void shouldAnswer401ProblemForTokenSignedWithAnotherSecret() {
        String forged = DevJwts.issue("another-secret-that-is-long-enough-0123456789", "mallory", uniqueTenant(),
                "audit:read");

        for (String path : ENDPOINTS) {
            assertProblem(get(path, forged), 401);
        }
    }

    @Test
    void shouldRefuseHeadWithoutAuditScopeAsGetIs() throws Exception {
        // given a token of the catalog's scopes only
        String catalogReader = token(uniqueTenant(), "recordings:read", "recordings:admin");

        for (String path : ENDPOINTS) {
            // when it sends HEAD, then 403 as for GET (HEAD has no body to carry the problem)
            HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + catalogReader).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(head.statusCode()).as(path).isEqualTo(403);
        }
    }

    @Test
    void shouldAnswer403ProblemWithoutAuditScope() {
        String catalogReader = token(uniqueTenant(), "recordings:read", "recordings:admin");

        for (String path : ENDPOINTS) {
            assertProblem(get(path, catalogReader), 403);
        }
    }

    @Test
    void shouldExposeHealthWithDatabaseAndKafkaAndPrometheusWithoutToken() {
        HttpResponse<String> health = get("/actuator/health", null);
        HttpResponse<String> prometheus = get("/actuator/prometheus", null);

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode components = body(health).get("components");
        assertThat(body(health).get("status").asString()).isEqualTo("UP");
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("callvault_audit_events_total")
                .contains("application=\"audit-service\"");
    }
}
