package dev.callvault.fetch.providers.telnyx;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Telnyx client uses the webhook's pre-signed URL while it is valid and asks the recordings API for a fresh one
 * otherwise, never sending the API key to the storage and never requesting a host outside the allowlist.
 */
class TelnyxRecordingSourceTests {

    private static final WireMockServer PROVIDER = ProviderStub.SERVER;
    private static final String API_KEY = "KEY0123-unit-telnyx";
    /** The fixed "now" of these tests; pre-signed URLs are dated against it. */
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SIGNED_TWO_MINUTES_AGO = "X-Amz-Date=20261201T095800Z&X-Amz-Expires=600";
    private static final String SIGNED_AN_HOUR_AGO = "X-Amz-Date=20261201T090000Z&X-Amz-Expires=600";

    private ProviderHttp http;
    private String prefix;
    private String recordingId;
    private TelnyxRecordingSource telnyx;
    private byte[] wav;

    @BeforeEach
    void setUp() {
        prefix = "/unit-" + UUID.randomUUID();
        recordingId = UUID.randomUUID().toString();
        wav = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);
        http = new ProviderHttp(fetchProperties(Duration.ofSeconds(5)));
        telnyx = source(TenantCredentials.fromProperties(Map.of("callvault.tenants.unit.telnyx.api-key", API_KEY)));
    }

    @AfterEach
    void tearDown() {
        http.destroy();
    }

    @Test
    void shouldFetchTheWebhooksPresignedUrlWithoutCredentialsWhileItIsValid() throws Exception {
        // given a recording URL signed two minutes ago for ten minutes, on an allowed host
        String path = prefix + "/telephony-recorder/" + recordingId + ".wav";
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(wav)));

        // when
        try (RecordingBody body = telnyx.open(request(PROVIDER.baseUrl() + path + "?" + SIGNED_TWO_MINUTES_AGO))) {
            // then the audio is the storage's, fetched without the API key, and the API is not asked
            assertThat(body.stream().readAllBytes()).isEqualTo(wav);
        }
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path)).withHeader("Authorization", absent()));
        PROVIDER.verify(0, getRequestedFor(urlPathMatching(prefix + "/telnyx/.*")));
    }

    @Test
    void shouldAskTheRecordingsApiForAFreshUrlWhenTheWebhooksUrlExpired() throws Exception {
        // given the webhook's URL expired 50 minutes ago, and the API answers a fresh download URL
        String stale = prefix + "/telephony-recorder/" + recordingId + "-stale.wav";
        String fresh = prefix + "/telephony-recorder/" + recordingId + "-fresh.wav";
        stubApi(Map.of("wav", PROVIDER.baseUrl() + fresh + "?" + SIGNED_TWO_MINUTES_AGO,
                "mp3", PROVIDER.baseUrl() + prefix + "/unused.mp3"));
        PROVIDER.stubFor(get(urlPathEqualTo(fresh)).willReturn(aResponse().withStatus(200).withBody(wav)));

        // when
        try (RecordingBody body = telnyx.open(request(PROVIDER.baseUrl() + stale + "?" + SIGNED_AN_HOUR_AGO))) {
            // then the fresh URL's audio is answered; the stale URL is never requested, the key only goes to the API
            assertThat(body.stream().readAllBytes()).isEqualTo(wav);
        }
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(stale)));
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(prefix + "/telnyx/v2/recordings/" + recordingId))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY)));
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(fresh)).withHeader("Authorization", absent()));
    }

    @Test
    void shouldAskTheApiWhenTheStorageRefusesTheWebhooksUrl() throws Exception {
        // given a URL that still looks valid but the storage answers 403, and no URL at all in a second event
        String refused = prefix + "/telephony-recorder/" + recordingId + "-refused.wav";
        String fresh = prefix + "/telephony-recorder/" + recordingId + "-fresh.wav";
        PROVIDER.stubFor(get(urlPathEqualTo(refused)).willReturn(aResponse().withStatus(403)));
        stubApi(Map.of("wav", PROVIDER.baseUrl() + fresh));
        PROVIDER.stubFor(get(urlPathEqualTo(fresh)).willReturn(aResponse().withStatus(200).withBody(wav)));

        // when / then both are answered from the API's URL
        try (RecordingBody body = telnyx.open(request(PROVIDER.baseUrl() + refused + "?" + SIGNED_TWO_MINUTES_AGO))) {
            assertThat(body.stream().readAllBytes()).isEqualTo(wav);
        }
        try (RecordingBody body = telnyx.open(request(null))) {
            assertThat(body.stream().readAllBytes()).isEqualTo(wav);
        }
        PROVIDER.verify(2, getRequestedFor(urlPathEqualTo(fresh)));
    }

    @Test
    void shouldNeverRequestADownloadUrlOutsideTheAllowlist() {
        // given the API answers a URL on 127.0.0.2, a host that is not allowed (only the stub's host is)
        URI outside = URI.create("http://127.0.0.2:" + PROVIDER.port() + prefix + "/elsewhere.wav");
        stubApi(Map.of("wav", outside.toString()));

        // when / then the fetch is refused and nothing is requested there
        assertFailure(() -> telnyx.open(request(null)), FailureCode.PROVIDER_REDIRECT_REFUSED);
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(prefix + "/elsewhere.wav")));
    }

    @Test
    void shouldFailWithoutAnApiKeyWhenTheApiIsNeededAndMapTheApisRefusal() {
        // given a tenant without a Telnyx API key, and an API that refuses the configured one
        TelnyxRecordingSource keyless = source(TenantCredentials.fromProperties(Map.of(
                "callvault.tenants.unit.telnyx.public-key", "unused")));
        PROVIDER.stubFor(get(urlPathEqualTo(prefix + "/telnyx/v2/recordings/" + recordingId))
                .willReturn(aResponse().withStatus(401)));

        // when / then
        assertFailure(() -> keyless.open(request(null)), FailureCode.UNKNOWN_TENANT_CREDENTIALS);
        assertFailure(() -> telnyx.open(request(null)), FailureCode.PROVIDER_UNAUTHORIZED);
    }

    @Test
    void shouldRefuseAMalformedRecordingIdOrAnApiAnswerWithoutUrlsBeforeAnyDownload() {
        // given an answer without download URLs
        stubApi(Map.of());

        // when / then
        assertFailure(() -> telnyx.open(new RecordingRequest("unit", "../../v2/calls", null, 1, null)),
                FailureCode.INVALID_EVENT);
        assertFailure(() -> telnyx.open(request(null)), FailureCode.PROVIDER_REJECTED);
        PROVIDER.verify(0, getRequestedFor(urlPathMatching(prefix + "/telephony-recorder/.*")));
    }

    private TelnyxRecordingSource source(TenantCredentials tenants) {
        return new TelnyxRecordingSource(http, new TelnyxApi(URI.create(PROVIDER.baseUrl() + prefix + "/telnyx"),
                List.of(URI.create(PROVIDER.baseUrl()).getHost())), tenants, JsonMapper.builder().build(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private RecordingRequest request(String recordingUrl) {
        return new RecordingRequest("unit", recordingId, "conn-1", 2, recordingUrl);
    }

    private void stubApi(Map<String, String> downloadUrls) {
        StringBuilder urls = new StringBuilder();
        downloadUrls.forEach((format, url) -> urls.append(urls.isEmpty() ? "" : ",")
                .append('"').append(format).append("\":\"").append(url).append('"'));
        PROVIDER.stubFor(get(urlPathEqualTo(prefix + "/telnyx/v2/recordings/" + recordingId))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"" + recordingId + "\",\"record_type\":\"recording\","
                                + "\"channels\":\"dual\",\"download_urls\":{" + urls + "}}}")));
    }
}
