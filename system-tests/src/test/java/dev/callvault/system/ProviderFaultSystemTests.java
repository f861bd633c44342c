package dev.callvault.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.testing.AudioFixtures;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Provider faults end in the documented catalog state, with the provider's exact bytes or no object at all. */
class ProviderFaultSystemTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final byte[] AUDIO = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @Test
    void shouldEndAvailableAfterTwo503s() {
        // given the provider fails twice before serving the recording
        String recordingSid = Providers.newRecordingSid();
        stubSequence(recordingSid, aResponse().withStatus(503), aResponse().withStatus(503), Providers.mp3(AUDIO));

        // when / then
        assertStoredByteIdentical(deliver(recordingSid));
        system.provider.verify(3, getRequestedFor(urlPathEqualTo(Providers.twilioMediaPath(recordingSid))));
    }

    @Test
    void shouldHonourRetryAfterOn429AndEndAvailable() {
        // given the provider is over its concurrency limit once and asks for one second
        String recordingSid = Providers.newRecordingSid();
        stubSequence(recordingSid, aResponse().withStatus(429).withHeader("Retry-After", "1"), Providers.mp3(AUDIO));

        // when
        assertStoredByteIdentical(deliver(recordingSid));

        // then the second request came at least a second after the first
        List<LoggedRequest> requests = system.provider.findAll(
                getRequestedFor(urlPathEqualTo(Providers.twilioMediaPath(recordingSid))));
        assertThat(requests).hasSize(2);
        long waitedMillis = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertThat(waitedMillis).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void shouldWaitForARecordingThatIsNotReadyYet() {
        // given the provider answers 404 for the first seconds after the call
        String recordingSid = Providers.newRecordingSid();
        stubSequence(recordingSid, aResponse().withStatus(404), aResponse().withStatus(404), aResponse().withStatus(404),
                Providers.mp3(AUDIO));

        // when / then
        assertStoredByteIdentical(deliver(recordingSid));
    }

    @Test
    void shouldFailWithoutRetryOnAPermanent401() {
        // given the provider rejects the credentials
        String recordingSid = Providers.newRecordingSid();
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"code\": 20003, \"message\": \"Authenticate\"}")));

        // when
        UUID recordingId = deliver(recordingSid);

        // then
        JsonNode entry = Catalog.awaitStatus(system, recordingId, "FAILED", TIMEOUT);
        assertThat(entry.path("retryable").asBoolean()).isFalse();
        assertThat(entry.path("lastError").asString()).isNotBlank();
        system.provider.verify(1, getRequestedFor(urlPathEqualTo(Providers.twilioMediaPath(recordingSid))));
        assertThat(system.bucket.keys(SystemUnderTest.TENANT + "/")).noneMatch(key -> key.contains(recordingId.toString()));
    }

    private static UUID deliver(String recordingSid) {
        assertThat(Webhooks.postTwilio(system, SystemUnderTest.TENANT, Webhooks.twilioCompleted(system, recordingSid))
                .statusCode()).isEqualTo(202);
        return RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);
    }

    private static void assertStoredByteIdentical(UUID recordingId) {
        JsonNode entry = Catalog.awaitStatus(system, recordingId, "AVAILABLE", TIMEOUT);
        assertThat(entry.path("sha256").asString()).isEqualTo(AudioFixtures.sha256Hex(AUDIO));
        assertThat(system.bucket.sha256(entry.path("objectKey").asString())).isEqualTo(AudioFixtures.sha256Hex(AUDIO));
    }

    private static void stubSequence(String recordingSid, ResponseDefinitionBuilder... responses) {
        String scenario = "faults-" + recordingSid;
        for (int i = 0; i < responses.length; i++) {
            var mapping = Providers.twilioMedia(recordingSid).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? STARTED : "step-" + i);
            if (i < responses.length - 1) {
                mapping = mapping.willSetStateTo("step-" + (i + 1));
            }
            system.provider.stubFor(mapping.willReturn(responses[i]));
        }
    }
}
