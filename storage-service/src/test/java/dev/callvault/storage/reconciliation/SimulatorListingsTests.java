package dev.callvault.storage.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.simulator.ProviderSimulator.Credentials;
import dev.callvault.local.simulator.ProviderSimulator.MissedRecordings;
import dev.callvault.local.simulator.ProviderSimulator;
import dev.callvault.platform.tenants.TenantCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The listings of deploy/local's provider simulator, read by the reconciliation's own listers: the simulator's JSON
 * shapes, filters and credentials match what reconciliation expects of Twilio and ElevenLabs. Plain JUnit, no
 * application context.
 */
class SimulatorListingsTests {

    private static final String ACCOUNT = "AC" + "c".repeat(32);
    private static final String TOKEN = "simulator-token";
    private static final String API_KEY = "simulator-key";
    private static final String MISSED_SID = "RE" + UUID.randomUUID().toString().replace("-", "");
    private static final String MISSED_CONVERSATION = "conv_" + UUID.randomUUID().toString().replace("-", "");

    private static ProviderSimulator simulator;
    private static HttpClient http;
    private static TwilioRecordingLister twilio;
    private static ElevenLabsConversationLister elevenLabs;

    @BeforeAll
    static void startSimulator() throws Exception {
        simulator = ProviderSimulator.start(0, new Credentials(ACCOUNT, TOKEN, API_KEY, "unused"),
                new MissedRecordings(List.of(MISSED_SID), List.of(MISSED_CONVERSATION)));
        http = HttpClient.newHttpClient();
        TenantCredentials tenants = TenantCredentials.fromProperties(Map.of(
                "callvault.tenants.demo.twilio.account-sid", ACCOUNT, "callvault.tenants.demo.twilio.auth-token", TOKEN,
                "callvault.tenants.demo.elevenlabs.api-key", API_KEY));
        URI base = URI.create(simulator.baseUrl());
        ProviderApiProperties apis = new ProviderApiProperties(new ProviderApiProperties.TwilioApi(base),
                new ProviderApiProperties.ElevenLabsApi(base), new ProviderApiProperties.TelnyxApi(base));
        JsonMapper json = JsonMapper.builder().build();
        twilio = new TwilioRecordingLister(tenants, apis, http, json);
        elevenLabs = new ElevenLabsConversationLister(tenants, apis, http, json);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
        http.close();
    }

    @Test
    void shouldListServedAndMissedTwilioRecordingsOfTheWindow() throws Exception {
        // given a recording whose audio the simulator served (its webhook came), besides the missed one
        String servedSid = "RE" + UUID.randomUUID().toString().replace("-", "");
        HttpResponse<byte[]> media = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                        + "/2010-04-01/Accounts/" + ACCOUNT + "/Recordings/" + servedSid + ".mp3"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(media.statusCode()).isEqualTo(200);

        // when the reconciliation's lister reads the last hour, and a window that starts in the future
        List<CallEnded> listed = list(twilio, Instant.now().minus(Duration.ofHours(1)));
        List<CallEnded> future = list(twilio, Instant.now().plus(Duration.ofHours(1)));

        // then both are finished recordings of the account, with the fields a webhook would give
        assertThat(listed).extracting(CallEnded::getRecordingId).contains(
                RecordingIds.of("demo", Provider.TWILIO, MISSED_SID), RecordingIds.of("demo", Provider.TWILIO, servedSid));
        CallEnded missed = listed.stream().filter(event -> event.getProviderRecordingId().equals(MISSED_SID))
                .findFirst().orElseThrow();
        assertThat(missed.getProviderAccountId()).isEqualTo(ACCOUNT);
        assertThat(missed.getProviderCallId()).isEqualTo("CA" + MISSED_SID.substring(2));
        assertThat(missed.getDurationSeconds()).isEqualTo(8);
        assertThat(missed.getChannels()).isEqualTo(2);
        assertThat(missed.getCallEndedAt()).isEqualTo(missed.getCallStartedAt().plusSeconds(8));
        assertThat(missed.getRecordingUrl()).isEqualTo(simulator.baseUrl() + "/2010-04-01/Accounts/" + ACCOUNT
                + "/Recordings/" + MISSED_SID);
        assertThat(future).isEmpty();
    }

    @Test
    void shouldListMissedElevenLabsConversationOfTheWindow() {
        // given the simulator's missed conversation

        // when the reconciliation's lister reads the last hour, and a window that starts in the future
        List<CallEnded> listed = list(elevenLabs, Instant.now().minus(Duration.ofHours(1)));
        List<CallEnded> future = list(elevenLabs, Instant.now().plus(Duration.ofHours(1)));

        // then the conversation is listed as a finished ElevenLabs call
        assertThat(listed).extracting(CallEnded::getRecordingId)
                .contains(RecordingIds.of("demo", Provider.ELEVENLABS, MISSED_CONVERSATION));
        CallEnded missed = listed.stream().filter(event -> event.getProviderRecordingId().equals(MISSED_CONVERSATION))
                .findFirst().orElseThrow();
        assertThat(missed.getAgentId()).isEqualTo("agent_demo");
        assertThat(missed.getDurationSeconds()).isEqualTo(8);
        assertThat(missed.getTenantId()).isEqualTo("demo");
        assertThat(future).isEmpty();
    }

    @Test
    void shouldRefuseListingWithWrongCredentials() {
        // given a lister for the simulator's account with a wrong auth token
        TenantCredentials wrong = TenantCredentials.fromProperties(Map.of(
                "callvault.tenants.demo.twilio.account-sid", ACCOUNT, "callvault.tenants.demo.twilio.auth-token", "wrong"));
        URI base = URI.create(simulator.baseUrl());
        TwilioRecordingLister lister = new TwilioRecordingLister(wrong, new ProviderApiProperties(
                new ProviderApiProperties.TwilioApi(base), new ProviderApiProperties.ElevenLabsApi(base),
                new ProviderApiProperties.TelnyxApi(base)), http,
                JsonMapper.builder().build());

        // when it lists, then the simulator's 401 fails the listing
        assertThatThrownBy(() -> list(lister, Instant.now().minusSeconds(60)))
                .isInstanceOf(ListingFailedException.class)
                .hasMessageContaining("401");
    }

    private static List<CallEnded> list(RecordingLister lister, Instant since) {
        List<CallEnded> all = new ArrayList<>();
        lister.listFinished("demo", since, Instant.now(), all::addAll);
        return all;
    }
}
