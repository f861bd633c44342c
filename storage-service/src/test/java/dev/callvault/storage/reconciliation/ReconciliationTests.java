package dev.callvault.storage.reconciliation;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.storage.IntegrationTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reconciliation against WireMock playing Twilio's recordings listing and ElevenLabs' conversations listing, with the
 * real catalog and broker: what is published on {@code callvault.call-ended.v1}, for which recordings.
 */
class ReconciliationTests extends IntegrationTestSupport {

    /** After reconcile() returns every event is acknowledged; this only bounds the scan that proves nothing more. */
    private static final Duration SCAN = Duration.ofSeconds(2);

    private static final String TWILIO_LIST_A = "/2010-04-01/Accounts/" + TWILIO_ACCOUNT_A + "/Recordings.json";
    private static final String TWILIO_LIST_B = "/2010-04-01/Accounts/" + TWILIO_ACCOUNT_B + "/Recordings.json";
    private static final String ELEVENLABS_LIST = "/v1/convai/conversations";
    /** RFC 2822 date prefix, as Twilio writes {@code start_time} and {@code date_created}. */
    private static final String MAR_3 = "Tue, 03 Mar 2026 ";

    @Autowired
    private Reconciler reconciler;

    @BeforeEach
    void emptyListings() {
        PROVIDERS.resetAll();
        PROVIDERS.stubFor(twilioList(TWILIO_ACCOUNT_A, "token-a").willReturn(okJson(twilioPage(null))));
        PROVIDERS.stubFor(twilioList(TWILIO_ACCOUNT_B, "token-b").willReturn(okJson(twilioPage(null))));
        PROVIDERS.stubFor(elevenLabsList().willReturn(okJson(elevenLabsPage(false, null))));
    }

    @Test
    void shouldPublishCallEndedOnlyForTheUnknownFinishedTwilioRecordingAcrossPages() {
        // given a recording the catalog knows, one still in progress, and on the second page one whose webhook
        // never came
        String known = uniqueRecordingSid();
        publish(Topics.CALL_ENDED, callEnded(RECONCILED_A, Provider.TWILIO, known, Instant.now()).build());
        awaitStatus(RecordingIds.of(RECONCILED_A, Provider.TWILIO, known), "PENDING");
        String inProgress = uniqueRecordingSid();
        String missed = uniqueRecordingSid();
        String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
        // Twilio's next_page_uri repeats the filter of the first request
        String nextPage = TWILIO_LIST_A + "?DateCreated%3E=2026-03-03T00%3A00%3A00Z&PageSize=100&Page=1&PageToken=PA"
                + missed;
        PROVIDERS.stubFor(twilioList(TWILIO_ACCOUNT_A, "token-a").withQueryParam("PageToken", absent())
                .willReturn(okJson(twilioPage(nextPage,
                        twilioRecording(TWILIO_ACCOUNT_A, known, "CA1", "completed", MAR_3 + "10:00:00 +0000", "30"),
                        twilioRecording(TWILIO_ACCOUNT_A, inProgress, "CA2", "in-progress", MAR_3 + "10:01:00 +0000",
                                "-1")))));
        PROVIDERS.stubFor(twilioList(TWILIO_ACCOUNT_A, "token-a").withQueryParam("PageToken", equalTo("PA" + missed))
                .willReturn(okJson(twilioPage(null,
                        twilioRecording(TWILIO_ACCOUNT_A, missed, callSid, "completed", MAR_3 + "10:02:00 +0000",
                                "42")))));

        // when reconciliation runs
        Reconciler.Result result = reconciler.reconcile();

        // then exactly one CallEnded, for the missed recording, filled as ingest-service fills it
        assertThat(result.failedListings()).isZero();
        List<SpecificRecord> published = callEndedOf(RecordingIds.of(RECONCILED_A, Provider.TWILIO, missed), 1);
        CallEnded event = (CallEnded) published.getFirst();
        assertThat(event.getTenantId()).isEqualTo(RECONCILED_A);
        assertThat(event.getProvider()).isEqualTo(Provider.TWILIO);
        assertThat(event.getProviderRecordingId()).isEqualTo(missed);
        assertThat(event.getProviderCallId()).isEqualTo(callSid);
        assertThat(event.getProviderAccountId()).isEqualTo(TWILIO_ACCOUNT_A);
        assertThat(event.getCallStartedAt()).isEqualTo(Instant.parse("2026-03-03T10:02:00Z"));
        assertThat(event.getCallEndedAt()).isEqualTo(Instant.parse("2026-03-03T10:02:42Z"));
        assertThat(event.getDurationSeconds()).isEqualTo(42);
        assertThat(event.getChannels()).isEqualTo(2);
        assertThat(event.getRecordingAvailable()).isTrue();
        assertThat(event.getRecordingUrl())
                .isEqualTo(PROVIDERS.baseUrl() + "/2010-04-01/Accounts/" + TWILIO_ACCOUNT_A + "/Recordings/" + missed);
        assertThat(event.getMetadata()).containsEntry("callvault.source", "reconciliation");
        // the known one keeps only the event the test published, the unfinished one gets none
        assertThat(callEndedOf(RecordingIds.of(RECONCILED_A, Provider.TWILIO, known), 1)).hasSize(1);
        assertThat(callEndedOf(RecordingIds.of(RECONCILED_A, Provider.TWILIO, inProgress), 0)).isEmpty();
        // the listing asked for the window with Twilio's date filter, and the catalog now has the recording
        PROVIDERS.verify(getRequestedFor(urlPathEqualTo(TWILIO_LIST_A))
                .withQueryParam("DateCreated>", matching("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")));
        awaitStatus(RecordingIds.of(RECONCILED_A, Provider.TWILIO, missed), "PENDING");
    }

    @Test
    void shouldPublishCallEndedOnlyForTheUnknownDoneElevenLabsConversationFollowingTheCursor() {
        // given a conversation the catalog knows, one in progress, and behind the cursor one whose webhook never came
        String known = "conv_" + UUID.randomUUID().toString().replace("-", "");
        publish(Topics.CALL_ENDED, callEnded(RECONCILED_A, Provider.ELEVENLABS, known, Instant.now()).build());
        awaitStatus(RecordingIds.of(RECONCILED_A, Provider.ELEVENLABS, known), "PENDING");
        String inProgress = "conv_" + UUID.randomUUID().toString().replace("-", "");
        String missed = "conv_" + UUID.randomUUID().toString().replace("-", "");
        long start = Instant.now().minusSeconds(600).getEpochSecond();
        PROVIDERS.stubFor(elevenLabsList().withQueryParam("cursor", absent())
                .willReturn(okJson(elevenLabsPage(true, "cursor-" + missed,
                        conversation(known, "done", start, 30), conversation(inProgress, "in-progress", start, 0)))));
        PROVIDERS.stubFor(elevenLabsList().withQueryParam("cursor", equalTo("cursor-" + missed))
                .willReturn(okJson(elevenLabsPage(false, null, conversation(missed, "done", start + 60, 65)))));

        // when reconciliation runs
        reconciler.reconcile();

        // then exactly one CallEnded, for the missed conversation, filled as ingest-service fills it
        List<SpecificRecord> published = callEndedOf(RecordingIds.of(RECONCILED_A, Provider.ELEVENLABS, missed), 1);
        CallEnded event = (CallEnded) published.getFirst();
        assertThat(event.getTenantId()).isEqualTo(RECONCILED_A);
        assertThat(event.getProvider()).isEqualTo(Provider.ELEVENLABS);
        assertThat(event.getProviderRecordingId()).isEqualTo(missed);
        assertThat(event.getProviderCallId()).isEqualTo(missed);
        assertThat(event.getAgentId()).isEqualTo("agent_support");
        assertThat(event.getCallStartedAt()).isEqualTo(Instant.ofEpochSecond(start + 60));
        assertThat(event.getCallEndedAt()).isEqualTo(Instant.ofEpochSecond(start + 60 + 65));
        assertThat(event.getDurationSeconds()).isEqualTo(65);
        assertThat(event.getDirection()).isEqualTo(CallDirection.INBOUND);
        assertThat(event.getRecordingUrl()).isNull();
        assertThat(callEndedOf(RecordingIds.of(RECONCILED_A, Provider.ELEVENLABS, known), 1)).hasSize(1);
        assertThat(callEndedOf(RecordingIds.of(RECONCILED_A, Provider.ELEVENLABS, inProgress), 0)).isEmpty();
        // the listing asked for conversations started within the window
        PROVIDERS.verify(getRequestedFor(urlPathEqualTo(ELEVENLABS_LIST))
                .withQueryParam("call_start_after_unix", matching("\\d+")));
    }

    @Test
    void shouldGoOnWithOtherTenantsAndProvidersWhenOneListingFails() {
        // given tenant A's Twilio listing failing with 500, and a missed recording at tenant B's Twilio and at
        // tenant A's ElevenLabs
        String missedAtB = uniqueRecordingSid();
        String missedConversation = "conv_" + UUID.randomUUID().toString().replace("-", "");
        PROVIDERS.stubFor(twilioList(TWILIO_ACCOUNT_A, "token-a").willReturn(serverError()));
        PROVIDERS.stubFor(twilioList(TWILIO_ACCOUNT_B, "token-b").willReturn(okJson(twilioPage(null,
                twilioRecording(TWILIO_ACCOUNT_B, missedAtB, "CA3", "completed", MAR_3 + "11:00:00 +0000", "12")))));
        PROVIDERS.stubFor(elevenLabsList().willReturn(okJson(elevenLabsPage(false, null,
                conversation(missedConversation, "done", Instant.now().minusSeconds(60).getEpochSecond(), 20)))));

        // when reconciliation runs
        Reconciler.Result result = reconciler.reconcile();

        // then the failure is counted, and the other listings still published their missed recordings
        assertThat(result.failedListings()).isEqualTo(1);
        CallEnded atB = (CallEnded) callEndedOf(RecordingIds.of(RECONCILED_B, Provider.TWILIO, missedAtB), 1)
                .getFirst();
        assertThat(atB.getTenantId()).isEqualTo(RECONCILED_B);
        assertThat(atB.getProviderAccountId()).isEqualTo(TWILIO_ACCOUNT_B);
        CallEnded conversation = (CallEnded) callEndedOf(
                RecordingIds.of(RECONCILED_A, Provider.ELEVENLABS, missedConversation), 1).getFirst();
        assertThat(conversation.getTenantId()).isEqualTo(RECONCILED_A);
    }

    @Test
    void shouldGiveEachOfTwoTenantsListingTheSameRecordingItsOwnEntry() {
        // given the same RecordingSid in the listings of two tenants (one provider account shared by both, as
        // reconciliation sees it)
        String shared = uniqueRecordingSid();
        PROVIDERS.stubFor(twilioList(TWILIO_ACCOUNT_A, "token-a").willReturn(okJson(twilioPage(null,
                twilioRecording(TWILIO_ACCOUNT_A, shared, "CA5", "completed", MAR_3 + "13:00:00 +0000", "15")))));
        PROVIDERS.stubFor(twilioList(TWILIO_ACCOUNT_B, "token-b").willReturn(okJson(twilioPage(null,
                twilioRecording(TWILIO_ACCOUNT_B, shared, "CA5", "completed", MAR_3 + "13:00:00 +0000", "15")))));

        // when reconciliation runs
        Reconciler.Result result = reconciler.reconcile();

        // then each tenant's CallEnded names its own recording, and the catalog has one entry of each tenant
        assertThat(result.failedListings()).isZero();
        UUID atA = RecordingIds.of(RECONCILED_A, Provider.TWILIO, shared);
        UUID atB = RecordingIds.of(RECONCILED_B, Provider.TWILIO, shared);
        assertThat(((CallEnded) callEndedOf(atA, 1).getFirst()).getTenantId()).isEqualTo(RECONCILED_A);
        assertThat(((CallEnded) callEndedOf(atB, 1).getFirst()).getTenantId()).isEqualTo(RECONCILED_B);
        awaitStatus(atA, "PENDING");
        awaitStatus(atB, "PENDING");
        assertThat(jdbc.queryForList("SELECT tenant_id FROM recording WHERE provider_recording_id = ?", String.class,
                shared)).containsExactlyInAnyOrder(RECONCILED_A, RECONCILED_B);
    }

    @Test
    void shouldRecogniseARecordingOfTheSameTenantUnderItsLegacyIdButNotAnotherTenantsEntry() {
        // given tenant A's recording cataloged under its legacy id (minted before ids included the tenant), and
        // tenant B's entry under the legacy id of another recording that A's listing also names
        String ownLegacy = uniqueRecordingSid();
        String othersLegacy = uniqueRecordingSid();
        publish(Topics.CALL_ENDED, callEnded(RECONCILED_A, Provider.TWILIO, ownLegacy, Instant.now())
                .setRecordingId(RecordingIds.legacyOf(Provider.TWILIO, ownLegacy)).build());
        publish(Topics.CALL_ENDED, callEnded(RECONCILED_B, Provider.TWILIO, othersLegacy, Instant.now())
                .setRecordingId(RecordingIds.legacyOf(Provider.TWILIO, othersLegacy)).build());
        awaitStatus(RecordingIds.legacyOf(Provider.TWILIO, ownLegacy), "PENDING");
        awaitStatus(RecordingIds.legacyOf(Provider.TWILIO, othersLegacy), "PENDING");
        PROVIDERS.stubFor(twilioList(TWILIO_ACCOUNT_A, "token-a").willReturn(okJson(twilioPage(null,
                twilioRecording(TWILIO_ACCOUNT_A, ownLegacy, "CA6", "completed", MAR_3 + "14:00:00 +0000", "15"),
                twilioRecording(TWILIO_ACCOUNT_A, othersLegacy, "CA7", "completed", MAR_3 + "14:01:00 +0000",
                        "15")))));

        // when reconciliation runs
        Reconciler.Result result = reconciler.reconcile();

        // then A's own recording is known and gets no second id, while the one only B had is A's new recording
        assertThat(result.failedListings()).isZero();
        assertThat(callEndedOf(RecordingIds.of(RECONCILED_A, Provider.TWILIO, ownLegacy), 0)).isEmpty();
        CallEnded missed = (CallEnded) callEndedOf(RecordingIds.of(RECONCILED_A, Provider.TWILIO, othersLegacy), 1)
                .getFirst();
        assertThat(missed.getTenantId()).isEqualTo(RECONCILED_A);
        awaitStatus(RecordingIds.of(RECONCILED_A, Provider.TWILIO, othersLegacy), "PENDING");
        assertThat(jdbc.queryForObject("SELECT tenant_id FROM recording WHERE id = ?", String.class,
                RecordingIds.legacyOf(Provider.TWILIO, othersLegacy))).isEqualTo(RECONCILED_B);
    }

    /** Reads the CallEnded events of a recording, waiting for one more than expected so that extras would show. */
    private static List<SpecificRecord> callEndedOf(UUID recordingId, int expected) {
        List<SpecificRecord> found = SharedInfrastructure.topics().read(Topics.CALL_ENDED, recordingId, expected + 1,
                SCAN);
        assertThat(found).hasSize(expected);
        return found;
    }

    private static MappingBuilder twilioList(String accountSid, String authToken) {
        return WireMock.get(urlPathEqualTo("/2010-04-01/Accounts/" + accountSid + "/Recordings.json"))
                .withBasicAuth(accountSid, authToken)
                .withQueryParam("DateCreated>", matching(".+"));
    }

    private static MappingBuilder elevenLabsList() {
        return WireMock.get(urlPathEqualTo(ELEVENLABS_LIST))
                .withHeader("xi-api-key", equalTo("elevenlabs-key-a"))
                .withQueryParam("call_start_after_unix", matching("\\d+"));
    }

    /** A page of Twilio's list response ("Read multiple Recording resources"). */
    private static String twilioPage(String nextPageUri, String... recordings) {
        return """
                {"recordings": [%s], "end": %d, "first_page_uri": "/first", "next_page_uri": %s, "page": 0,
                 "page_size": 100, "previous_page_uri": null, "start": 0, "uri": "/this"}
                """.formatted(String.join(",", recordings), recordings.length,
                nextPageUri == null ? "null" : "\"" + nextPageUri + "\"");
    }

    private static String twilioRecording(String accountSid, String sid, String callSid, String status,
            String startTime, String duration) {
        return """
                {"account_sid": "%s", "api_version": "2010-04-01", "call_sid": "%s", "conference_sid": null,
                 "date_created": "%s", "date_updated": "%s", "start_time": "%s", "duration": "%s", "sid": "%s",
                 "price": null, "price_unit": "USD", "status": "%s", "channels": 2, "source": "DialVerb",
                 "error_code": null, "uri": "/2010-04-01/Accounts/%s/Recordings/%s.json", "media_url": null}
                """.formatted(accountSid, callSid, startTime, startTime, startTime, duration, sid, status, accountSid,
                sid);
    }

    /** A page of ElevenLabs' list response (https://elevenlabs.io/docs/api-reference/conversations/list). */
    private static String elevenLabsPage(boolean hasMore, String nextCursor, String... conversations) {
        return """
                {"conversations": [%s], "has_more": %s, "next_cursor": %s}
                """.formatted(String.join(",", conversations), hasMore,
                nextCursor == null ? "null" : "\"" + nextCursor + "\"");
    }

    private static String conversation(String conversationId, String status, long startUnix, int durationSeconds) {
        return """
                {"agent_id": "agent_support", "agent_name": "Support", "conversation_id": "%s",
                 "start_time_unix_secs": %d, "call_duration_secs": %d, "message_count": 4, "status": "%s",
                 "call_successful": "success", "direction": "inbound"}
                """.formatted(conversationId, startUnix, durationSeconds, status);
    }
}
