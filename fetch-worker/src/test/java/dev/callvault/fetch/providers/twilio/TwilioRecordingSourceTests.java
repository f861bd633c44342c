package dev.callvault.fetch.providers.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.callvault.fetch.providers.ProviderClientTesting.assertFailure;
import static dev.callvault.fetch.providers.ProviderClientTesting.catchFailure;
import static dev.callvault.fetch.providers.ProviderClientTesting.fetchProperties;
import static dev.callvault.fetch.providers.ProviderClientTesting.recordingSid;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import dev.callvault.fetch.ProviderStub;
import dev.callvault.fetch.providers.FailureCode;
import dev.callvault.fetch.providers.FetchFailedException;
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

/** The Twilio client builds the documented media request, confined to its base URL, with the tenant's account. */
class TwilioRecordingSourceTests {

    private static final WireMockServer PROVIDER = ProviderStub.SERVER;
    private static final String ACCOUNT_SID = "AC" + "ab".repeat(16);
    private static final String TOKEN = "unit-twilio-token";
    private static final TenantCredentials TENANTS = TenantCredentials.fromProperties(Map.of(
            "callvault.tenants.unit.twilio.account-sid", ACCOUNT_SID,
            "callvault.tenants.unit.twilio.auth-token", TOKEN));

    private ProviderHttp http;
    private String prefix;
    private TwilioRecordingSource twilio;

    @BeforeEach
    void setUp() {
        prefix = "/unit-" + UUID.randomUUID();
        http = new ProviderHttp(fetchProperties(Duration.ofSeconds(5)));
        twilio = new TwilioRecordingSource(http, new TwilioApi(URI.create(PROVIDER.baseUrl() + prefix + "/twilio/")),
                new TwilioMedia(TwilioMedia.Format.WAV), TENANTS);
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
        PROVIDER.verify(0, getRequestedFor(urlPathMatching(prefix + "/.*")));
    }

    @Test
    void shouldRefuseATenantWithoutACompleteTwilioAccount() {
        // given a tenant with an account SID but no auth token
        TwilioRecordingSource partial = new TwilioRecordingSource(http, new TwilioApi(URI.create(PROVIDER.baseUrl()
                + prefix + "/twilio/")), new TwilioMedia(TwilioMedia.Format.MP3), TenantCredentials.fromProperties(
                Map.of("callvault.tenants.unit.twilio.account-sid", ACCOUNT_SID)));

        // when / then: nothing is requested
        assertFailure(() -> partial.open(new RecordingRequest("unit", recordingSid(), null, 1)),
                FailureCode.UNKNOWN_TENANT_CREDENTIALS);
        PROVIDER.verify(0, getRequestedFor(urlPathMatching(prefix + "/.*")));
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
        ProviderHttp shortTimeouts = new ProviderHttp(fetchProperties(Duration.ofSeconds(2)));
        TwilioRecordingSource unreachable = new TwilioRecordingSource(shortTimeouts,
                new TwilioApi(URI.create("http://127.0.0.1:1")), new TwilioMedia(TwilioMedia.Format.MP3), TENANTS);

        // when / then
        try {
            FetchFailedException failure = catchFailure(() -> unreachable.open(
                    new RecordingRequest("unit", recordingSid(), null, 1)));
            assertThat(failure.code()).isEqualTo(FailureCode.PROVIDER_UNREACHABLE);
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.getMessage()).doesNotContain(TOKEN);
        } finally {
            shortTimeouts.destroy();
        }
    }
}
