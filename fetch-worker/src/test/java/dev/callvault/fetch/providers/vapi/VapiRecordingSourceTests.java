package dev.callvault.fetch.providers.vapi;

import static dev.callvault.fetch.providers.ProviderClientTesting.catchFailure;
import static dev.callvault.fetch.providers.ProviderClientTesting.fetchProperties;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.fetch.providers.FailureCode;
import dev.callvault.fetch.providers.ProviderHttp;
import dev.callvault.fetch.providers.RecordingBody;
import dev.callvault.fetch.providers.RecordingRequest;
import dev.callvault.local.simulator.ProviderSimulator;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.platform.tenants.TenantCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Vapi client fetches a call's recording through the API's redirect with the tenant's key. */
class VapiRecordingSourceTests {

    @Test
    void shouldFetchVapiStereoRecordingThroughTheLocalSimulatorsRedirect() throws Exception {
        // given: the local stack's simulator as Vapi's API, and no storage host allowed beyond the API's own
        ProviderHttp http = new ProviderHttp(fetchProperties(Duration.ofSeconds(5)));
        try (ProviderSimulator simulator = ProviderSimulator.start(0, new ProviderSimulator.Credentials(
                "AC" + "ab".repeat(16), "unit-twilio-token", "unit-xi-key", "unit-vapi-key"))) {
            VapiRecordingSource vapi = new VapiRecordingSource(http, new VapiApi(URI.create(simulator.baseUrl()),
                    List.of()), TenantCredentials.fromProperties(Map.of(
                    "callvault.tenants.unit.vapi.api-key", "unit-vapi-key",
                    "callvault.tenants.wrong.vapi.api-key", "wrong-key")));
            String callId = UUID.randomUUID().toString();

            // when
            try (RecordingBody body = vapi.open(new RecordingRequest("unit", callId, null, 2))) {
                // then: the 302 to the simulated storage is followed and answers the stereo fixture
                assertThat(body.stream().readAllBytes())
                        .isEqualTo(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3));
            }
            assertThat(catchFailure(() -> vapi.open(new RecordingRequest("wrong", callId, null, 2))).code())
                    .isEqualTo(FailureCode.PROVIDER_UNAUTHORIZED);
        } finally {
            http.destroy();
        }
    }
}
