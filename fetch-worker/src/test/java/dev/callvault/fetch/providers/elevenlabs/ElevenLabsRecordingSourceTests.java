package dev.callvault.fetch.providers.elevenlabs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.callvault.fetch.providers.ProviderClientTesting.assertFailure;
import static dev.callvault.fetch.providers.ProviderClientTesting.fetchProperties;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.callvault.fetch.ProviderStub;
import dev.callvault.fetch.providers.FailureCode;
import dev.callvault.fetch.providers.ProviderHttp;
import dev.callvault.fetch.providers.RecordingBody;
import dev.callvault.fetch.providers.RecordingRequest;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.platform.tenants.TenantCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ElevenLabs client asks for the conversation's audio under its base URL with the tenant's API key. */
class ElevenLabsRecordingSourceTests {

    private static final WireMockServer PROVIDER = ProviderStub.SERVER;

    private ProviderHttp http;
    private String prefix;
    private ElevenLabsRecordingSource elevenLabs;

    @BeforeEach
    void setUp() {
        prefix = "/unit-" + UUID.randomUUID();
        http = new ProviderHttp(fetchProperties(Duration.ofSeconds(5)));
        elevenLabs = new ElevenLabsRecordingSource(http,
                new ElevenLabsApi(URI.create(PROVIDER.baseUrl() + prefix + "/elevenlabs")),
                TenantCredentials.fromProperties(Map.of("callvault.tenants.unit.elevenlabs.api-key", "unit-xi-key")));
    }

    @AfterEach
    void tearDown() {
        http.destroy();
    }

    @Test
    void shouldRefuseMalformedIdsBeforeAnyRequest() {
        assertFailure(() -> elevenLabs.open(new RecordingRequest("unit", "conv/../../x", null, 1)),
                FailureCode.INVALID_EVENT);
        PROVIDER.verify(0, getRequestedFor(urlPathMatching(prefix + "/.*")));
    }

    @Test
    void shouldRefuseATenantWithoutAnApiKey() {
        assertFailure(() -> elevenLabs.open(new RecordingRequest("other", "conv_1", null, 1)),
                FailureCode.UNKNOWN_TENANT_CREDENTIALS);
        PROVIDER.verify(0, getRequestedFor(urlPathMatching(prefix + "/.*")));
    }

    @Test
    void shouldRefuseRedirectOutsideTheBaseUrlWithoutFollowingIt() {
        // given
        String conversation = "conv_" + UUID.randomUUID().toString().replace("-", "");
        String path = prefix + "/elevenlabs/v1/convai/conversations/" + conversation + "/audio";
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", PROVIDER.baseUrl() + prefix + "/elsewhere/audio.mp3")));

        // when / then
        assertFailure(() -> elevenLabs.open(new RecordingRequest("unit", conversation, null, 1)),
                FailureCode.PROVIDER_REDIRECT_REFUSED);
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(prefix + "/elsewhere/audio.mp3")));
    }

    @Test
    void shouldFollowRedirectUnderTheBaseUrlWithTheApiKey() throws Exception {
        // given
        byte[] mp3 = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
        String conversation = "conv_" + UUID.randomUUID().toString().replace("-", "");
        String path = prefix + "/elevenlabs/v1/convai/conversations/" + conversation + "/audio";
        String moved = prefix + "/elevenlabs/v1/media/" + conversation + ".mp3";
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(307).withHeader("Location",
                moved)));
        PROVIDER.stubFor(get(urlPathEqualTo(moved)).willReturn(aResponse().withStatus(200).withBody(mp3)));

        // when
        try (RecordingBody body = elevenLabs.open(new RecordingRequest("unit", conversation, null, 1))) {
            // then
            assertThat(body.stream().readAllBytes()).isEqualTo(mp3);
        }
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(moved)).withHeader("xi-api-key", equalTo("unit-xi-key")));
    }
}
