package dev.callvault.storage.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.FetchRequested;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.storage.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/recordings/{id}/fetch-requests}: an admin asks for one failed recording to be fetched again; what
 * goes out on {@code callvault.fetch-requested.v1}, and what is refused.
 */
class RecordingFetchRequestTests extends IntegrationTestSupport {

    private static final Instant ENDED = Instant.parse("2026-03-03T08:15:00Z");

    @Test
    void shouldRequestTheFetchOfAFailedRecordingOnceInTheAdminsName() {
        // given a recording whose fetch failed for good
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, ENDED).build());
        publish(Topics.RECORDING_FETCH_FAILED, fetchFailed(tenant, Provider.TWILIO, sid, 3, false).build());
        awaitStatus(recordingId, "FAILED");

        // when an admin asks for it to be fetched again
        HttpResponse<String> response = post("/v1/recordings/" + recordingId + "/fetch-requests",
                token(tenant, "recordings:admin"), null);

        // then 202 once acknowledged, and one MANUAL request by the admin is on the topic
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(body(response).get("requested").asBoolean()).isTrue();
        List<SpecificRecord> requests = SharedInfrastructure.topics().read(Topics.FETCH_REQUESTED, recordingId, 2,
                Duration.ofSeconds(3));
        assertThat(requests).singleElement().isInstanceOfSatisfying(FetchRequested.class, request -> {
            assertThat(request.getReason()).isEqualTo("MANUAL");
            assertThat(request.getRequestedBy()).isEqualTo("user-" + tenant);
            assertThat(request.getProviderRecordingId()).isEqualTo(sid);
            assertThat(request.getTenantId()).isEqualTo(tenant);
        });
    }

    @Test
    void shouldRefuseAnAvailableRecordingAnotherTenantsAndTokensWithoutTheAdminScope() {
        // given an AVAILABLE recording
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(Topics.RECORDING_STORED, recordingStored(tenant, Provider.TWILIO, sid, ENDED, 10L, "bb".repeat(32))
                .build());
        awaitStatus(recordingId, "AVAILABLE");
        String path = "/v1/recordings/" + recordingId + "/fetch-requests";

        // when it, another tenant and a reader ask for a fetch
        HttpResponse<String> available = post(path, token(tenant, "recordings:admin"), null);
        HttpResponse<String> otherTenant = post(path, token(uniqueTenant(), "recordings:admin"), null);
        HttpResponse<String> reader = post(path, token(tenant, "recordings:read"), null);

        // then 409 with the status, 404 and 403, all problem details, and nothing was requested
        assertThat(available.statusCode()).isEqualTo(409);
        assertThat(body(available).get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(otherTenant.statusCode()).isEqualTo(404);
        assertThat(reader.statusCode()).isEqualTo(403);
        for (HttpResponse<String> refused : List.of(available, otherTenant, reader)) {
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(SharedInfrastructure.topics().read(Topics.FETCH_REQUESTED, recordingId, 1,
                Duration.ofSeconds(2))).isEmpty();
    }
}
