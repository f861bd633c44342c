package dev.callvault.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.storage.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may read which catalog entry, and how refusals look: RFC 9457 problem details with
 * {@code application/problem+json}, 401 with an RFC 6750 challenge.
 */
class RecordingApiSecurityTests extends IntegrationTestSupport {

    private String tenant;
    private UUID recordingId;

    @BeforeEach
    void givenARecordingOfOneTenant() {
        tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, Instant.parse("2026-02-01T08:00:00Z"))
                .build());
        awaitStatus(recordingId, "PENDING");
    }

    @Test
    void shouldServeTheEntryToItsOwnTenant() {
        // when the owner reads it
        HttpResponse<String> response = get("/v1/recordings/" + recordingId, token(tenant, "recordings:read"));

        // then it gets it
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void shouldAnswerNotFoundAndListNothingForAnotherTenant() {
        // given another tenant's valid token
        String otherToken = token(uniqueTenant(), "recordings:read");

        // when it asks for the recording, and lists its own
        HttpResponse<String> byId = get("/v1/recordings/" + recordingId, otherToken);
        HttpResponse<String> list = get("/v1/recordings?size=100", otherToken);

        // then the recording does not exist for it
        assertProblem(byId, 404);
        assertThat(body(byId).get("detail").asString()).contains(recordingId.toString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(body(list).get("totalItems").asLong()).isZero();
        assertThat(list.body()).doesNotContain(recordingId.toString());
    }

    @Test
    void shouldRejectRequestWithoutTokenAsUnauthorized() {
        // when no token is sent
        HttpResponse<String> response = get("/v1/recordings/" + recordingId, null);

        // then 401 with a bearer challenge
        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
    }

    @Test
    void shouldRejectTokenWithoutReadScopeAsForbidden() {
        // when the token lacks recordings:read
        HttpResponse<String> response = get("/v1/recordings/" + recordingId, token(tenant, "recordings:write"));

        // then 403, for the entry and for the list
        assertProblem(response, 403);
        assertProblem(get("/v1/recordings", token(tenant, "audit:read")), 403);
    }

    @Test
    void shouldAskTheSameScopeForHeadAsForGet() {
        // when a token without recordings:read sends HEAD, where GET would be refused
        HttpResponse<String> entry = send("HEAD", "/v1/recordings/" + recordingId, token(tenant, "recordings:write"),
                null);
        HttpResponse<String> list = send("HEAD", "/v1/recordings", token(tenant, "audit:read"), null);
        HttpResponse<String> orphans = send("HEAD", "/v1/admin/orphans", token(tenant, "recordings:read"), null);

        // then it is refused the same way, and with the scope it is answered
        assertThat(entry.statusCode()).isEqualTo(403);
        assertThat(list.statusCode()).isEqualTo(403);
        assertThat(orphans.statusCode()).isEqualTo(403);
        assertThat(send("HEAD", "/v1/recordings/" + recordingId, token(tenant, "recordings:read"), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRejectExpiredToken() {
        // given a token that expired an hour ago (beyond the 60 s clock skew)
        String expired = expiredToken(tenant, "recordings:read");

        // when it is used
        HttpResponse<String> response = get("/v1/recordings/" + recordingId, expired);

        // then 401, invalid_token
        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("invalid_token"));
    }

    @Test
    void shouldRejectTokenSignedWithAnotherSecret() {
        // when a token is signed with a key the service does not know
        String forged = DevJwts.issue("some-other-secret-that-is-32-bytes-or-more", "user", tenant,
                "recordings:read");

        // then 401
        assertProblem(get("/v1/recordings/" + recordingId, forged), 401);
    }

    @Test
    void shouldRejectTokenWithoutTenantClaim() {
        // when a validly signed token names no tenant
        String tenantless = DevJwts.issue(DevJwts.LOCAL_SECRET, "user", null, "recordings:read");

        // then it authenticates nobody
        assertProblem(get("/v1/recordings", tenantless), 401);
    }

    @Test
    void shouldRejectMalformedRecordingIdAsBadRequest() {
        // when the id is not a UUID
        HttpResponse<String> response = get("/v1/recordings/not-a-uuid", token(tenant, "recordings:read"));

        // then 400
        assertProblem(response, 400);
    }

    @Test
    void shouldRejectInvalidListFiltersAsBadRequest() {
        String reader = token(tenant, "recordings:read");

        // unknown status, unknown provider, unparseable instant, page size over 100, negative page, empty range
        assertProblem(get("/v1/recordings?status=LOST", reader), 400);
        assertProblem(get("/v1/recordings?provider=SKYPE", reader), 400);
        assertProblem(get("/v1/recordings?from=yesterday", reader), 400);
        assertProblem(get("/v1/recordings?size=101", reader), 400);
        assertProblem(get("/v1/recordings?page=-1", reader), 400);
        assertProblem(get("/v1/recordings?from=2026-02-02T00:00:00Z&to=2026-02-01T00:00:00Z", reader), 400);
    }

    @Test
    void shouldExposeHealthWithDatabaseAndKafkaAndPrometheusWithoutToken() {
        // when health and metrics are scraped without a token
        HttpResponse<String> health = get("/actuator/health", null);
        HttpResponse<String> prometheus = get("/actuator/prometheus", null);

        // then both answer, and health covers the database and the broker
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = body(health).get("components");
        assertThat(body(health).get("status").asString()).isEqualTo("UP");
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("callvault_catalog_events_total")
                .contains("application=\"storage-service\"");
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = body(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
    }
}
