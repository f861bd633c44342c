package dev.callvault.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.storage.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/recordings}: filters, newest call first, paging metadata. */
class RecordingListTests extends IntegrationTestSupport {

    private static final Instant NOON = Instant.parse("2026-04-10T12:00:00Z");

    private String tenant;
    private String reader;
    private UUID ended1hAgoUnavailable;
    private UUID ended2hAgoAvailable;
    private UUID ended3hAgoPending;
    private UUID ended4hAgoFailed;
    private UUID ended5hAgoPending;

    @BeforeEach
    void givenFiveRecordingsOfOneTenant() {
        tenant = uniqueTenant();
        reader = token(tenant, "recordings:read");
        ended3hAgoPending = call(Provider.TWILIO, 3, true);
        ended2hAgoAvailable = call(Provider.TWILIO, 2, true);
        ended1hAgoUnavailable = call(Provider.ELEVENLABS, 1, false);
        ended4hAgoFailed = call(Provider.VAPI, 4, true);
        ended5hAgoPending = call(Provider.TWILIO, 5, true);
        awaitStatus(ended2hAgoAvailable, "AVAILABLE");
        awaitStatus(ended4hAgoFailed, "FAILED");
        awaitStatus(ended1hAgoUnavailable, "UNAVAILABLE");
        awaitStatus(ended3hAgoPending, "PENDING");
        awaitStatus(ended5hAgoPending, "PENDING");
        // a failure or a stored object may be consumed before its CallEnded: wait for every call's details too
        await().atMost(ASYNC_TIMEOUT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM recording WHERE tenant_id = ? AND provider_call_id IS NOT NULL",
                Integer.class, tenant) == 5);
    }

    private UUID call(Provider provider, int hoursBeforeNoon, boolean available) {
        String id = uniqueRecordingSid();
        Instant endedAt = NOON.minusSeconds(3600L * hoursBeforeNoon);
        publish(Topics.CALL_ENDED, callEnded(tenant, provider, id, endedAt).setRecordingAvailable(available).build());
        if (hoursBeforeNoon == 2) {
            publish(Topics.RECORDING_STORED, recordingStored(tenant, provider, id, endedAt, 1L, "aa".repeat(32))
                    .build());
        }
        if (hoursBeforeNoon == 4) {
            publish(Topics.RECORDING_FETCH_FAILED, fetchFailed(tenant, provider, id, 2, true).build());
        }
        return RecordingIds.of(tenant, provider, id);
    }

    @Test
    void shouldListNewestFirstInPages() {
        // when the tenant pages through its recordings two at a time
        JsonNode first = list("?size=2");
        JsonNode second = list("?size=2&page=1");
        JsonNode last = list("?size=2&page=2");

        // then newest call first, with paging metadata
        assertThat(ids(first)).containsExactly(ended1hAgoUnavailable, ended2hAgoAvailable);
        assertThat(ids(second)).containsExactly(ended3hAgoPending, ended4hAgoFailed);
        assertThat(ids(last)).containsExactly(ended5hAgoPending);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("totalItems").asLong()).isEqualTo(5);
        assertThat(first.get("totalPages").asInt()).isEqualTo(3);
    }

    @Test
    void shouldUseTwentyAsDefaultPageSize() {
        // when no paging is asked for
        JsonNode page = list("");

        // then page 0 of size 20 holds all five
        assertThat(page.get("size").asInt()).isEqualTo(20);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("totalPages").asInt()).isEqualTo(1);
        assertThat(ids(page)).hasSize(5);
    }

    @Test
    void shouldFilterByStatus() {
        assertThat(ids(list("?status=PENDING"))).containsExactly(ended3hAgoPending, ended5hAgoPending);
        assertThat(ids(list("?status=FAILED"))).containsExactly(ended4hAgoFailed);
        assertThat(ids(list("?status=DELETED"))).isEmpty();
    }

    @Test
    void shouldFilterByProvider() {
        assertThat(ids(list("?provider=TWILIO")))
                .containsExactly(ended2hAgoAvailable, ended3hAgoPending, ended5hAgoPending);
        assertThat(ids(list("?provider=TWILIO&status=AVAILABLE"))).containsExactly(ended2hAgoAvailable);
    }

    @Test
    void shouldFilterByCallEndTimeFromInclusiveToExclusive() {
        // when asking for calls that ended in [08:00, 11:00)
        JsonNode page = list("?from=2026-04-10T08:00:00Z&to=2026-04-10T11:00:00Z");

        // then 08:00 is in and 11:00 is out
        assertThat(ids(page)).containsExactly(ended2hAgoAvailable, ended3hAgoPending, ended4hAgoFailed);
        assertThat(page.get("totalItems").asLong()).isEqualTo(3);
        assertThat(ids(list("?from=2026-04-10T10:00:00Z"))).containsExactly(ended1hAgoUnavailable,
                ended2hAgoAvailable);
        assertThat(ids(list("?to=2026-04-10T08:00:00Z"))).containsExactly(ended5hAgoPending);
    }

    private JsonNode list(String query) {
        HttpResponse<String> response = get("/v1/recordings" + query, reader);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private static List<UUID> ids(JsonNode page) {
        List<UUID> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
        return ids;
    }
}
