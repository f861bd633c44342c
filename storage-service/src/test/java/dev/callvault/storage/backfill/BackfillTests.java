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
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/admin/backfill} against the real catalog and broker: what it publishes on
 * {@code callvault.fetch-requested.v1}, for whom, and who may call it.
 */
class BackfillTests extends IntegrationTestSupport {

    /** After the 202 every request is acknowledged; this only bounds the scan that proves nothing more came. */
    private static final Duration SCAN = Duration.ofSeconds(2);

    private static final Instant ENDED = Instant.parse("2026-03-02T09:30:00Z");

    @Test
    void shouldRequestEveryPendingAndFailedRecordingOfTheTenantExactlyOnce() {
        // given a tenant with a PENDING, a FAILED and an AVAILABLE recording, and another tenant's PENDING one
        String tenant = uniqueTenant();
        String other = uniqueTenant();
        String pendingSid = pending(tenant, ENDED);
        String failedSid = pending(tenant, ENDED);
        publish(Topics.RECORDING_FETCH_FAILED, fetchFailed(tenant, Provider.TWILIO, failedSid, 3, true).build());
        String availableSid = uniqueRecordingSid();
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, availableSid, ENDED).build());
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, availableSid, ENDED, 99L, "aa".repeat(32)).build());
        pending(other, ENDED);
        awaitStatus(RecordingIds.of(tenant, Provider.TWILIO, failedSid), "FAILED");
        awaitStatus(RecordingIds.of(tenant, Provider.TWILIO, availableSid), "AVAILABLE");

        // when an admin of the tenant asks for a backfill
        HttpResponse<String> response = post("/v1/admin/backfill", token(tenant, "recordings:admin"), null);

        // then it answers the count, and exactly the PENDING and the FAILED recording got one request each
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(body(response).get("requested").asLong()).isEqualTo(2);
        Map<UUID, FetchRequested> requests = requestsOf(tenant, 2);
        assertThat(requests).containsOnlyKeys(RecordingIds.of(tenant, Provider.TWILIO, pendingSid),
                RecordingIds.of(tenant, Provider.TWILIO, failedSid));
        FetchRequested request = requests.get(RecordingIds.of(tenant, Provider.TWILIO, pendingSid));
        assertThat(request.getReason()).isEqualTo("BACKFILL");
        assertThat(request.getRequestedBy()).isEqualTo("user-" + tenant);
        assertThat(request.getProvider()).isEqualTo(Provider.TWILIO);
        assertThat(request.getProviderRecordingId()).isEqualTo(pendingSid);
        assertThat(request.getProviderAccountId()).isEqualTo("AC" + "0".repeat(32));
        assertThat(request.getCallEndedAt()).isEqualTo(ENDED);
        assertThat(request.getDurationSeconds()).isEqualTo(40);
        assertThat(request.getChannels()).isEqualTo(2);
        assertThat(requestsOf(other, 0)).isEmpty();
    }

    @Test
    void shouldRequestOnlyRecordingsWhoseCallEndedAtOrAfterSince() {
        // given a tenant with a pending recording of an old call, and two of calls at and after the cut-off
        String tenant = uniqueTenant();
        Instant since = Instant.parse("2026-03-05T00:00:00Z");
        pending(tenant, since.minusSeconds(1));
        String atSince = pending(tenant, since);
        String afterSince = pending(tenant, since.plusSeconds(3600));

        // when the backfill is limited to calls that ended since the cut-off
        HttpResponse<String> response = post("/v1/admin/backfill", token(tenant, "recordings:admin"),
                "{\"since\": \"" + since + "\"}");

        // then only those two are requested
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(body(response).get("requested").asLong()).isEqualTo(2);
        assertThat(requestsOf(tenant, 2)).containsOnlyKeys(RecordingIds.of(tenant, Provider.TWILIO, atSince),
                RecordingIds.of(tenant, Provider.TWILIO, afterSince));
    }

    @Test
    void shouldRefuseCallerWithoutAdminScopeAndPublishNothing() {
        // given a tenant with a pending recording
        String tenant = uniqueTenant();
        pending(tenant, ENDED);

        // when a reader (no recordings:admin) and a caller without any token ask for a backfill
        HttpResponse<String> reader = post("/v1/admin/backfill", token(tenant, "recordings:read"), null);
        HttpResponse<String> anonymous = post("/v1/admin/backfill", null, null);

        // then 403 and 401 problem details, and nothing is published
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body(reader).get("status").asInt()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(requestsOf(tenant, 0)).isEmpty();
    }

    @Test
    void shouldRejectMalformedSinceAndPublishNothing() {
        // given a tenant with a pending recording
        String tenant = uniqueTenant();
        pending(tenant, ENDED);

        // when the cut-off is not an ISO-8601 instant
        HttpResponse<String> response = post("/v1/admin/backfill", token(tenant, "recordings:admin"),
                "{\"since\": \"yesterday\"}");

        // then 400 problem detail, and nothing is published
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = body(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(requestsOf(tenant, 0)).isEmpty();
    }

    /** Publishes a CallEnded for a new Twilio recording of the tenant and waits until the catalog has it PENDING. */
    private String pending(String tenant, Instant endedAt) {
        String sid = uniqueRecordingSid();
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, endedAt).build());
        awaitStatus(RecordingIds.of(tenant, Provider.TWILIO, sid), "PENDING");
        return sid;
    }

    /**
     * Reads the tenant's fetch requests, waiting for one more than expected so that a duplicate or a stray request
     * would show; every recording id must appear only once.
     */
    private static Map<UUID, FetchRequested> requestsOf(String tenant, int expected) {
        List<SpecificRecord> found = SharedInfrastructure.topics().read(Topics.FETCH_REQUESTED,
                record -> record.value() instanceof FetchRequested request && tenant.equals(request.getTenantId()),
                expected + 1, SCAN);
        assertThat(found).hasSize(expected);
        return found.stream().map(FetchRequested.class::cast)
                .collect(Collectors.toMap(FetchRequested::getRecordingId, Function.identity()));
    }
}
