package dev.callvault.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/audit-events}: filters, newest first, paging, tenant isolation and 400s for bad filters. */
class AuditEventQueryTests extends IntegrationTestSupport {

    private static final Instant NOON = Instant.parse("2026-06-10T12:00:00Z");

    private String tenant;
    private String otherTenant;
    private UUID first;
    private UUID second;
    private UUID third;
    private UUID fourth;
    private UUID fifth;
    private UUID otherTenantsEvent;
    private UUID recordingA;
    private UUID recordingB;

    @BeforeEach
    void givenFiveAccessesOfOneTenantAndOneOfAnother() {
        tenant = uniqueTenant();
        otherTenant = uniqueTenant();
        recordingA = uniqueRecordingId();
        recordingB = uniqueRecordingId();
        // published out of order: the log orders by occurredAt, not by arrival
        third = access(tenant, recordingB, "alice", 3);
        first = access(tenant, recordingA, "alice", 1);
        fifth = access(tenant, recordingB, "carol", 5);
        second = access(tenant, recordingA, "bob", 2);
        fourth = access(tenant, recordingA, "alice", 4);
        // the other tenant accessed the same recording id, later than all of them, as "alice" too
        otherTenantsEvent = access(otherTenant, recordingA, "alice", 6);
        for (UUID eventId : List.of(first, second, third, fourth, fifth, otherTenantsEvent)) {
            awaitAudited(eventId);
        }
    }

    private static UUID access(String tenantId, UUID recordingId, String subject, int minutesAfterNoon) {
        RecordingAccessed event = accessed(tenantId, recordingId, subject, NOON.plusSeconds(60L * minutesAfterNoon))
                .build();
        publish(Topics.RECORDING_ACCESSED, event);
        return event.getEventId();
    }

    @Test
    void shouldListNewestFirstInPages() {
        // when the tenant pages through its events two at a time
        JsonNode page0 = list("?size=2", tenant);
        JsonNode page1 = list("?size=2&page=1", tenant);
        JsonNode page2 = list("?size=2&page=2", tenant);
        JsonNode beyond = list("?size=2&page=3", tenant);

        // then newest first, with paging metadata, and an empty page past the end
        assertThat(ids(page0)).containsExactly(fifth, fourth);
        assertThat(ids(page1)).containsExactly(third, second);
        assertThat(ids(page2)).containsExactly(first);
        assertThat(ids(beyond)).isEmpty();
        assertThat(page1.get("page").asInt()).isEqualTo(1);
        assertThat(page0.get("size").asInt()).isEqualTo(2);
        assertThat(page0.get("totalItems").asLong()).isEqualTo(5);
        assertThat(page0.get("totalPages").asLong()).isEqualTo(3);
    }

    @Test
    void shouldUseFiftyAsDefaultPageSize() {
        JsonNode page = list("", tenant);

        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(50);
        assertThat(page.get("totalPages").asLong()).isEqualTo(1);
        assertThat(ids(page)).containsExactly(fifth, fourth, third, second, first);
    }

    @Test
    void shouldFilterByRecordingAndSubject() {
        assertThat(ids(list("?recordingId=" + recordingA, tenant))).containsExactly(fourth, second, first);
        assertThat(ids(list("?subject=alice", tenant))).containsExactly(fourth, third, first);
        assertThat(ids(list("?recordingId=" + recordingA + "&subject=alice", tenant)))
                .containsExactly(fourth, first);
        assertThat(ids(list("?subject=nobody", tenant))).isEmpty();
        assertThat(ids(list("?recordingId=" + uniqueRecordingId(), tenant))).isEmpty();
    }

    @Test
    void shouldFilterByAction() {
        // given a download of recording A besides its four streams
        RecordingAccessed download = accessed(tenant, recordingA, "alice", NOON.plusSeconds(60L * 7))
                .setAction(dev.callvault.events.AccessAction.DOWNLOAD).build();
        publish(Topics.RECORDING_ACCESSED, download);
        awaitAudited(download.getEventId());

        // when / then
        assertThat(ids(list("?recordingId=" + recordingA + "&action=DOWNLOAD", tenant)))
                .containsExactly(download.getEventId());
        assertThat(list("?recordingId=" + recordingA + "&action=STREAM", tenant).get("totalItems").asLong())
                .isEqualTo(3);
        assertThat(ids(list("?action=URL_ISSUED", tenant))).isEmpty();
    }

    @Test
    void shouldRecordAndFilterReadsOfTheWaveformPeaks() {
        // given a read of recording B's waveform peaks (RecordingAccessed v2's PEAKS)
        RecordingAccessed peaks = accessed(tenant, recordingB, "carol", NOON.plusSeconds(60L * 8))
                .setAction(dev.callvault.events.AccessAction.PEAKS).build();
        publish(Topics.RECORDING_ACCESSED, peaks);
        awaitAudited(peaks.getEventId());

        // when / then it is in the log under its own action
        JsonNode found = list("?action=PEAKS", tenant);
        assertThat(ids(found)).containsExactly(peaks.getEventId());
        assertThat(found.get("items").get(0).get("action").asString()).isEqualTo("PEAKS");
    }

    @Test
    void shouldFilterByOccurredAtFromInclusiveToExclusive() {
        // when asking for [12:02, 12:04)
        JsonNode page = list("?from=2026-06-10T12:02:00Z&to=2026-06-10T12:04:00Z", tenant);

        // then 12:02 is in and 12:04 is out
        assertThat(ids(page)).containsExactly(third, second);
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(ids(list("?from=2026-06-10T12:04:00Z", tenant))).containsExactly(fifth, fourth);
        assertThat(ids(list("?to=2026-06-10T12:02:00Z", tenant))).containsExactly(first);
        assertThat(ids(list("?from=2026-06-10T12:01:00Z&to=2026-06-10T12:05:00Z&subject=alice&recordingId="
                + recordingA, tenant))).containsExactly(fourth, first);
    }

    @Test
    void shouldNeverShowAnotherTenantsEvents() {
        // the other tenant sees only its own event, even for the shared recording id and subject
        assertThat(ids(list("", otherTenant))).containsExactly(otherTenantsEvent);
        assertThat(ids(list("?recordingId=" + recordingA + "&subject=alice", otherTenant)))
                .containsExactly(otherTenantsEvent);
        // the first tenant never sees it
        assertThat(ids(list("?recordingId=" + recordingA, tenant))).doesNotContain(otherTenantsEvent);
        // a tenant without events sees nothing at all
        JsonNode stranger = list("?recordingId=" + recordingA, uniqueTenant());
        assertThat(ids(stranger)).isEmpty();
        assertThat(stranger.get("totalItems").asLong()).isZero();
        assertThat(stranger.get("totalPages").asLong()).isZero();
    }

    @Test
    void shouldAnswerBadFiltersWith400ProblemDetails() {
        String reader = auditor(tenant);
        for (String bad : List.of("?recordingId=not-a-uuid", "?from=yesterday", "?to=2026-06-10",
                "?from=2026-06-10T12:04:00Z&to=2026-06-10T12:04:00Z",
                "?from=2026-06-10T12:05:00Z&to=2026-06-10T12:04:00Z", "?size=0", "?size=501", "?page=-1",
                "?page=abc", "?subject=", "?action=LISTEN")) {
            assertProblem(get("/v1/audit-events" + bad, reader), 400);
        }
        assertThat(list("?size=500", tenant).get("size").asInt()).isEqualTo(500);
    }

    private JsonNode list(String query, String tenantId) {
        HttpResponse<String> response = get("/v1/audit-events" + query, auditor(tenantId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private static List<UUID> ids(JsonNode page) {
        List<UUID> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(UUID.fromString(item.get("eventId").asString())));
        return ids;
    }
}
