package dev.callvault.storage.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.simulator.ProviderSimulator;
import dev.callvault.local.simulator.ProviderSimulator.Credentials;
import dev.callvault.local.simulator.ProviderSimulator.MissedRecordings;
import dev.callvault.platform.tenants.TenantCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Telnyx's recordings listing as deploy/local's simulator plays it, read by the reconciliation's Telnyx lister: the
 * missed recordings become the CallEnded a {@code call.recording.saved} webhook would give, across pages, with the
 * tenant's API key only. Plain JUnit, no application context.
 */
class TelnyxListingTests {

    private static final String API_KEY = "simulator-telnyx-key";
    /** More missed recordings than one page of 250 holds. */
    private static final List<String> MISSED = IntStream.range(0, 260).mapToObj(i -> UUID.randomUUID().toString())
            .toList();

    private static ProviderSimulator simulator;
    private static HttpClient http;
    private static ProviderApiProperties apis;

    @BeforeAll
    static void startSimulator() throws Exception {
        simulator = ProviderSimulator.start(0, new Credentials("AC" + "c".repeat(32), "token", "key", "vapi",
                API_KEY), new MissedRecordings(List.of(), List.of(), MISSED));
        http = HttpClient.newHttpClient();
        URI base = URI.create(simulator.baseUrl());
        apis = new ProviderApiProperties(new ProviderApiProperties.TwilioApi(base),
                new ProviderApiProperties.ElevenLabsApi(base), new ProviderApiProperties.TelnyxApi(base));
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
        http.close();
    }

    @Test
    void shouldListEveryMissedRecordingAcrossPagesAsTheWebhookWouldGiveIt() {
        // given a tenant with the simulator's Telnyx API key and 260 recordings whose webhooks never came
        TelnyxRecordingLister lister = lister(API_KEY);

        // when the last hour is listed, and a window that starts in the future
        List<CallEnded> listed = list(lister, Instant.now().minus(Duration.ofHours(1)));
        List<CallEnded> future = list(lister, Instant.now().plus(Duration.ofHours(1)));

        // then all 260 are listed once (two pages), with the ids and fields of a call.recording.saved webhook
        assertThat(listed).extracting(CallEnded::getProviderRecordingId).containsExactlyInAnyOrderElementsOf(MISSED);
        CallEnded first = listed.stream().filter(event -> event.getProviderRecordingId().equals(MISSED.get(0)))
                .findFirst().orElseThrow();
        assertThat(first.getRecordingId()).isEqualTo(RecordingIds.of("demo", Provider.TELNYX, MISSED.get(0)));
        assertThat(first.getProvider()).isEqualTo(Provider.TELNYX);
        assertThat(first.getTenantId()).isEqualTo("demo");
        assertThat(first.getChannels()).isEqualTo(2);
        assertThat(first.getProviderAccountId()).isNotBlank();
        assertThat(first.getCallEndedAt()).isAfterOrEqualTo(first.getCallStartedAt());
        assertThat(first.getRecordingUrl()).isNull();
        assertThat(first.getMetadata()).containsEntry(RecordingLister.SOURCE_KEY, RecordingLister.SOURCE_VALUE);
        assertThat(future).isEmpty();
    }

    @Test
    void shouldListNothingWithoutAnApiKeyAndFailWithAWrongOne() {
        // given a tenant without a Telnyx API key, and one with a wrong key
        TelnyxRecordingLister keyless = new TelnyxRecordingLister(TenantCredentials.fromProperties(Map.of(
                "callvault.tenants.demo.telnyx.public-key", "unused")), apis, http, JsonMapper.builder().build());
        TelnyxRecordingLister wrong = lister("wrong-key");

        // when / then the first is not configured, the second's listing fails
        assertThat(keyless.configuredFor("demo")).isFalse();
        assertThat(wrong.configuredFor("demo")).isTrue();
        assertThatThrownBy(() -> list(wrong, Instant.now().minus(Duration.ofHours(1))))
                .isInstanceOf(ListingFailedException.class);
    }

    private static TelnyxRecordingLister lister(String apiKey) {
        return new TelnyxRecordingLister(TenantCredentials.fromProperties(Map.of(
                "callvault.tenants.demo.telnyx.api-key", apiKey)), apis, http, JsonMapper.builder().build());
    }

    private static List<CallEnded> list(RecordingLister lister, Instant since) {
        List<CallEnded> all = new ArrayList<>();
        lister.listFinished("demo", since, Instant.now(), all::addAll);
        return all;
    }
}
