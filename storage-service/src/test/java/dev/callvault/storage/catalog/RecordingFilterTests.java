package dev.callvault.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.AnalysisOutcome;
import dev.callvault.events.CallDirection;
import dev.callvault.events.ChannelAnalysis;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingAnalyzed;
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

/**
 * {@code GET /v1/recordings} finds a call by its agent, a party's phone number, its direction, the provider's call
 * id, its duration and how silent its quietest channel was; bad values are 400 problem details.
 */
class RecordingFilterTests extends IntegrationTestSupport {

    private static final Instant NOON = Instant.parse("2026-05-06T12:00:00Z");

    private String tenant;
    private String reader;
    private UUID adaInbound30s;
    private UUID adaOutbound300s;
    private UUID bobInbound90s;
    private String bobCallId;

    @BeforeEach
    void givenThreeCallsOfOneTenantTwoAnalysed() {
        tenant = uniqueTenant();
        reader = token(tenant, "recordings:read");
        adaInbound30s = call(1, "agent-ada", "+14155550101", "+18005550000", CallDirection.INBOUND, 30, 0.40);
        adaOutbound300s = call(2, "agent-ada", "+18005550000", "+14155550102", CallDirection.OUTBOUND, 300, 0.90);
        bobInbound90s = call(3, "agent-bob", "+14155550103", "+18005550000", CallDirection.INBOUND, 90, null);
        bobCallId = "CA-bob-" + bobInbound90s;
        await().atMost(ASYNC_TIMEOUT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM recording r JOIN recording_analysis a ON a.recording_id = r.id"
                        + " WHERE r.tenant_id = ? AND r.status = 'AVAILABLE' AND r.agent_id IS NOT NULL",
                Integer.class, tenant) == 2
                && jdbc.queryForObject("SELECT count(*) FROM recording WHERE tenant_id = ? AND status = 'AVAILABLE'"
                        + " AND agent_id IS NOT NULL", Integer.class, tenant) == 3);
    }

    /** A stored call; with a silence ratio, also its analysis (the agent's channel that silent). */
    private UUID call(int hoursBeforeNoon, String agent, String from, String to, CallDirection direction,
            int seconds, Double agentSilence) {
        String sid = uniqueRecordingSid();
        UUID id = RecordingIds.of(tenant, Provider.TWILIO, sid);
        Instant endedAt = NOON.minusSeconds(3600L * hoursBeforeNoon);
        String sha256 = String.format("%064x", hoursBeforeNoon);
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, endedAt).setAgentId(agent)
                .setFromNumber(from).setToNumber(to).setDirection(direction).setDurationSeconds(seconds)
                .setProviderCallId(agent.equals("agent-bob") ? "CA-bob-" + id : "CA" + sid).build());
        publish(Topics.RECORDING_STORED, recordingStored(tenant, Provider.TWILIO, sid, endedAt, 1_000L, sha256)
                .setDurationSeconds(seconds).build());
        if (agentSilence != null) {
            String key = ObjectKeys.of(tenant, endedAt, id, "mp3");
            publish(Topics.RECORDING_ANALYZED, RecordingAnalyzed.newBuilder()
                    .setEventId(UUID.randomUUID()).setOccurredAt(endedAt.plusSeconds(60)).setTenantId(tenant)
                    .setRecordingId(id).setSourceObjectKey(key).setSourceSha256(sha256).setAnalyzerVersion("1")
                    .setOutcome(AnalysisOutcome.ANALYZED).setDurationMs(seconds * 1000L).setChannels(2)
                    .setSampleRateHz(8000).setTalkOverMs(0L)
                    .setPerChannel(List.of(
                            ChannelAnalysis.newBuilder().setChannel(0).setSpeechMs(seconds * 500L).setSpeechRatio(0.5)
                                    .setPeakDbfs(-3.0).setClippedSamples(0L).build(),
                            ChannelAnalysis.newBuilder().setChannel(1)
                                    .setSpeechMs((long) (seconds * 1000L * (1 - agentSilence)))
                                    .setSpeechRatio(1 - agentSilence).setPeakDbfs(-6.0).setClippedSamples(0L)
                                    .build()))
                    .build());
        }
        return id;
    }

    @Test
    void shouldFindCallsByAgentPhoneNumberDirectionAndCallId() {
        assertThat(ids(list("?agentId=agent-ada"))).containsExactly(adaInbound30s, adaOutbound300s);
        assertThat(ids(list("?agentId=agent-nobody"))).isEmpty();
        // a number matches either party
        assertThat(ids(list("?phone=%2B18005550000"))).containsExactly(adaInbound30s, adaOutbound300s,
                bobInbound90s);
        assertThat(ids(list("?phone=%2B14155550102"))).containsExactly(adaOutbound300s);
        assertThat(ids(list("?direction=INBOUND"))).containsExactly(adaInbound30s, bobInbound90s);
        assertThat(ids(list("?direction=OUTBOUND&agentId=agent-ada"))).containsExactly(adaOutbound300s);
        assertThat(ids(list("?callId=" + bobCallId))).containsExactly(bobInbound90s);
    }

    @Test
    void shouldFindCallsByDurationAndBySilence() {
        assertThat(ids(list("?minDurationSeconds=60"))).containsExactly(adaOutbound300s, bobInbound90s);
        assertThat(ids(list("?maxDurationSeconds=90"))).containsExactly(adaInbound30s, bobInbound90s);
        assertThat(ids(list("?minDurationSeconds=30&maxDurationSeconds=30"))).containsExactly(adaInbound30s);
        // a party silent at least 80 % of the call: only the analysed 300 s call qualifies
        assertThat(ids(list("?minSilenceRatio=0.8"))).containsExactly(adaOutbound300s);
        assertThat(ids(list("?minSilenceRatio=0.3"))).containsExactly(adaInbound30s, adaOutbound300s);
    }

    @Test
    void shouldAnswerBadFiltersWith400ProblemDetails() {
        for (String query : List.of("?direction=SIDEWAYS", "?minDurationSeconds=-1", "?minSilenceRatio=1.5",
                "?minDurationSeconds=100&maxDurationSeconds=10", "?agentId=" + "a".repeat(201))) {
            HttpResponse<String> response = get("/v1/recordings" + query, reader);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(query)
                    .hasValue("application/problem+json");
        }
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
