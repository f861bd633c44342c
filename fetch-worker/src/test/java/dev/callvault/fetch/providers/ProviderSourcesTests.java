package dev.callvault.fetch.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import dev.callvault.fetch.FetchProperties;
import dev.callvault.fetch.ProviderStub;
import dev.callvault.local.simulator.ProviderSimulator;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.platform.tenants.TenantsProperties;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The provider clients build the documented requests, confined to their base URL, with the tenant's credentials. */
class ProviderSourcesTests {

    private static final WireMockServer PROVIDER = ProviderStub.SERVER;
    private static final String ACCOUNT_SID = "AC" + "ab".repeat(16);
    private static final String TOKEN = "unit-twilio-token";

    private ProviderHttp http;
    private String prefix;
    private TwilioRecordingSource twilio;
    private ElevenLabsRecordingSource elevenLabs;

    @BeforeEach
    void setUp() {
        FetchProperties properties = new FetchProperties(Duration.ofHours(2), Duration.ofMinutes(10), 3,
                DataSize.ofMegabytes(8),
                new FetchProperties.Retry(Duration.ofSeconds(1), 2.0, 0.5, Duration.ofSeconds(5), 3,
                        Duration.ofSeconds(30)),
                new FetchProperties.RetryTopics(Duration.ofMinutes(1), 2.0, Duration.ofMinutes(30)), 1,
                new FetchProperties.Http(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(5), 3),
                new FetchProperties.Twilio(FetchProperties.TwilioFormat.WAV), 64, DataSize.ofMegabytes(64), DataSize.ofGigabytes(4));
        prefix = "/unit-" + UUID.randomUUID();
        ProvidersProperties providers = new ProvidersProperties(
                new ProvidersProperties.TwilioApi(URI.create(PROVIDER.baseUrl() + prefix + "/twilio/")),
                new ProvidersProperties.ElevenLabsApi(URI.create(PROVIDER.baseUrl() + prefix + "/elevenlabs")),
                new ProvidersProperties.VapiApi(URI.create(PROVIDER.baseUrl() + prefix + "/vapi"), List.of()));
        TenantsProperties tenants = new TenantsProperties(Map.of("unit", new TenantsProperties.Tenant(
                new TenantsProperties.Twilio(ACCOUNT_SID, TOKEN), new TenantsProperties.ElevenLabs("unit-xi-key", null), null)));
        http = new ProviderHttp(properties);
        twilio = new TwilioRecordingSource(http, providers, tenants, properties);
        elevenLabs = new ElevenLabsRecordingSource(http, providers, tenants);
    }

    @AfterEach
    void tearDown() {
        http.destroy();
    }

    @Test
    void shouldRequestConfiguredWavFormatWithBothChannelsAndBasicAuth() throws Exception {
        // given
        byte[] wav = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);
        String sid = recordingSid();
        String path = prefix + "/twilio/2010-04-01/Accounts/" + ACCOUNT_SID + "/Recordings/" + sid + ".wav";
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/x-wav").withBody(wav)));

        // when
        try (RecordingBody body = twilio.open(new RecordingRequest("unit", sid, ACCOUNT_SID, 2))) {
            // then
            assertThat(body.stream().readAllBytes()).isEqualTo(wav);
        }
        assertThat(twilio.expectedExtension()).isEqualTo("wav");
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path))
                .withBasicAuth(new BasicCredentials(ACCOUNT_SID, TOKEN))
                .withQueryParam("RequestedChannels", equalTo("2")));
    }

    @Test
    void shouldRefuseEventNamingAnotherTwilioAccount() {
        // when / then
        assertFailure(() -> twilio.open(new RecordingRequest("unit", recordingSid(), "AC" + "cd".repeat(16), 2)),
                FailureCode.PROVIDER_ACCOUNT_MISMATCH);
        PROVIDER.verify(0, getRequestedFor(urlPathMatching(prefix + "/.*")));
    }

    @Test
    void shouldRefuseMalformedIdsBeforeAnyRequest() {
        assertFailure(() -> twilio.open(new RecordingRequest("unit", "RE../../../elevenlabs", null, 1)),
                FailureCode.INVALID_EVENT);
        assertFailure(() -> elevenLabs.open(new RecordingRequest("unit", "conv/../../x", null, 1)),
                FailureCode.INVALID_EVENT);
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

    @Test
    void shouldFetchVapiStereoRecordingThroughTheLocalSimulatorsRedirect() throws Exception {
        // given: the local stack's simulator as Vapi's API, and no storage host allowed beyond the API's own
        try (ProviderSimulator simulator = ProviderSimulator.start(0, new ProviderSimulator.Credentials(ACCOUNT_SID,
                TOKEN, "unit-xi-key", "unit-vapi-key"))) {
            ProvidersProperties providers = new ProvidersProperties(
                    new ProvidersProperties.TwilioApi(URI.create("http://127.0.0.1:1")),
                    new ProvidersProperties.ElevenLabsApi(URI.create("http://127.0.0.1:1")),
                    new ProvidersProperties.VapiApi(URI.create(simulator.baseUrl()), List.of()));
            VapiRecordingSource vapi = new VapiRecordingSource(http, providers, new TenantsProperties(Map.of(
                    "unit", new TenantsProperties.Tenant(null, null, new TenantsProperties.Vapi("unit-vapi-key", null)),
                    "wrong", new TenantsProperties.Tenant(null, null, new TenantsProperties.Vapi("wrong-key", null)))));
            String callId = UUID.randomUUID().toString();

            // when
            try (RecordingBody body = vapi.open(new RecordingRequest("unit", callId, null, 2))) {
                // then: the 302 to the simulated storage is followed and answers the stereo fixture
                assertThat(body.stream().readAllBytes())
                        .isEqualTo(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3));
            }
            assertThat(catchFailure(() -> vapi.open(new RecordingRequest("wrong", callId, null, 2))).code())
                    .isEqualTo(FailureCode.PROVIDER_UNAUTHORIZED);
        }
    }

    @Test
    void shouldMapProviderErrorsToFailureCodes() {
        // given
        String sid = recordingSid();
        String path = prefix + "/twilio/2010-04-01/Accounts/" + ACCOUNT_SID + "/Recordings/" + sid + ".wav";
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7")));

        // when / then
        FetchFailedException failure = catchFailure(() -> twilio.open(new RecordingRequest("unit", sid, null, 1)));
        assertThat(failure.code()).isEqualTo(FailureCode.PROVIDER_RATE_LIMITED);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).contains(429);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void shouldReportUnreachableProviderAsRetryable() {
        // given: nothing listens on port 1 of loopback
        FetchProperties properties = new FetchProperties(Duration.ofHours(2), Duration.ofMinutes(10), 3,
                DataSize.ofMegabytes(8),
                new FetchProperties.Retry(Duration.ofSeconds(1), 2.0, 0.5, Duration.ofSeconds(5), 3,
                        Duration.ofSeconds(30)),
                new FetchProperties.RetryTopics(Duration.ofMinutes(1), 2.0, Duration.ofMinutes(30)), 1,
                new FetchProperties.Http(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(5), 3),
                new FetchProperties.Twilio(FetchProperties.TwilioFormat.MP3), 64, DataSize.ofMegabytes(64), DataSize.ofGigabytes(4));
        ProvidersProperties nowhere = new ProvidersProperties(
                new ProvidersProperties.TwilioApi(URI.create("http://127.0.0.1:1")),
                new ProvidersProperties.ElevenLabsApi(URI.create("http://127.0.0.1:1")),
                new ProvidersProperties.VapiApi(URI.create("http://127.0.0.1:1"), List.of()));
        TenantsProperties tenants = new TenantsProperties(Map.of("unit", new TenantsProperties.Tenant(
                new TenantsProperties.Twilio(ACCOUNT_SID, TOKEN), null, null)));
        TwilioRecordingSource unreachable = new TwilioRecordingSource(http, nowhere, tenants, properties);

        // when / then
        FetchFailedException failure = catchFailure(() -> unreachable.open(
                new RecordingRequest("unit", recordingSid(), null, 1)));
        assertThat(failure.code()).isEqualTo(FailureCode.PROVIDER_UNREACHABLE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).doesNotContain(TOKEN);
    }

    private static String recordingSid() {
        return "RE" + HexFormat.of().formatHex(UUID.randomUUID().toString().substring(0, 16).getBytes())
                .substring(0, 32);
    }

    private static void assertFailure(ThrowingCallable call, FailureCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FetchFailedException.class,
                failure -> assertThat(failure.code()).isEqualTo(code));
    }

    private static FetchFailedException catchFailure(ThrowingCallable call) {
        try {
            call.call();
        } catch (FetchFailedException e) {
            return e;
        } catch (Throwable e) {
            throw new AssertionError("expected a FetchFailedException", e);
        }
        throw new AssertionError("expected a FetchFailedException");
    }
}
