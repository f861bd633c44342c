package dev.callvault.fetch.fetching;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.callvault.events.CallEnded;
import dev.callvault.events.FetchRequested;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Vapi recordings: the pre-signed URL of the event while it is valid and on an allowed host, else the API's stereo
 * recording through a redirect that is followed only to an allowed host and never with the API key.
 */
class VapiFetchTests extends FetchWorkerTestSupport {

    /** A host outside the allowlist (another loopback address): nothing may ever be requested from it. */
    private static final WireMockServer FOREIGN = startForeignHost();

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @AfterAll
    static void stopForeignHost() {
        FOREIGN.stop();
    }

    @Test
    void shouldStoreFromValidPresignedUrlWithoutAskingTheApi() throws Exception {
        // given: a report whose stereo URL is signed for ten more minutes, on the allowed storage host
        String callId = newVapiCallId();
        String storagePath = "/vapi-storage/" + callId + "/stereo.mp3";
        PROVIDER.stubFor(get(urlPathEqualTo(storagePath)).willReturn(audio()));
        CallEnded call = vapiCall(callId).setRecordingUrl(vapiStorageUrl(storagePath + signedFor(Instant.now(), 600)))
                .build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then: stored byte for byte, fetched from the storage host without credentials, the API never asked
        assertStoredByteForByte(call);
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(storagePath))
                .withHeader("Host", containing(VAPI_STORAGE_HOST)).withoutHeader("Authorization"));
        PROVIDER.verify(0, getRequestedFor(urlPathMatching("/vapi/call/" + callId + "/.*")));
        assertThat(awaitStored(call.getRecordingId(), 1).getFirst().getProvider()).isEqualTo(Provider.VAPI);
    }

    @Test
    void shouldAskTheApiAndFollowItsRedirectWithoutTheKeyWhenThePresignedUrlExpired() throws Exception {
        // given: the report's URL expired an hour ago; the API redirects to a freshly signed URL on the storage host
        String callId = newVapiCallId();
        String expiredPath = "/vapi-storage/" + callId + "/expired.mp3";
        String freshPath = "/vapi-storage/" + callId + "/stereo.mp3";
        PROVIDER.stubFor(get(urlPathEqualTo(expiredPath)).willReturn(audio()));
        PROVIDER.stubFor(get(urlPathEqualTo(stereoPath(callId)))
                .withHeader("Authorization", equalTo("Bearer " + VAPI_API_KEY))
                .willReturn(aResponse().withStatus(302).withHeader("Location",
                        vapiStorageUrl(freshPath + signedFor(Instant.now(), 300)))));
        PROVIDER.stubFor(get(urlPathEqualTo(freshPath)).willReturn(audio()));
        CallEnded call = vapiCall(callId).setRecordingUrl(vapiStorageUrl(expiredPath
                + signedFor(Instant.now().minusSeconds(3600), 60))).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        assertStoredByteForByte(call);
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(expiredPath)));
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(stereoPath(callId)))
                .withHeader("Authorization", equalTo("Bearer " + VAPI_API_KEY)));
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(freshPath))
                .withHeader("Host", containing(VAPI_STORAGE_HOST)).withoutHeader("Authorization"));
    }

    @Test
    void shouldNeverRequestAPresignedUrlOnAHostOutsideTheAllowlistAndAskTheApiInstead() throws Exception {
        // given: a valid-looking signed URL on a foreign host; the API knows the real recording
        String callId = newVapiCallId();
        String storagePath = "/vapi-storage/" + callId + "/stereo.mp3";
        FOREIGN.stubFor(get(anyUrl()).willReturn(audio()));
        PROVIDER.stubFor(get(urlPathEqualTo(stereoPath(callId))).willReturn(aResponse().withStatus(302)
                .withHeader("Location", vapiStorageUrl(storagePath))));
        PROVIDER.stubFor(get(urlPathEqualTo(storagePath)).willReturn(audio()));
        CallEnded call = vapiCall(callId).setRecordingUrl(foreignUrl(storagePath
                + signedFor(Instant.now(), 600))).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then: stored through the API, the foreign host never requested
        assertStoredByteForByte(call);
        FOREIGN.verify(0, anyRequestedFor(anyUrl()));
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(stereoPath(callId))));
    }

    @Test
    void shouldRefuseAnApiRedirectToAHostOutsideTheAllowlist() throws Exception {
        // given: the API redirects to a foreign host
        String callId = newVapiCallId();
        FOREIGN.stubFor(get(anyUrl()).willReturn(audio()));
        PROVIDER.stubFor(get(urlPathEqualTo(stereoPath(callId))).willReturn(aResponse().withStatus(302)
                .withHeader("Location", foreignUrl("/collect/" + callId + ".mp3"))));
        CallEnded call = vapiCall(callId).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then: a final failure, nothing stored, nothing sent to the foreign host
        List<RecordingFetchFailed> failed = awaitFailed(call.getRecordingId(), 1);
        assertThat(failed.getFirst().getErrorCode()).isEqualTo("PROVIDER_REDIRECT_REFUSED");
        assertThat(failed.getFirst().getRetryable()).isFalse();
        assertThat(failed.getFirst().getNextAttemptAt()).isNull();
        assertThat(failed.getFirst().getAttempts()).isEqualTo(1);
        assertThat(keysOf(call.getRecordingId())).isEmpty();
        FOREIGN.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void shouldFailWithoutRetryingWhenTheApiRejectsTheKey() throws Exception {
        // given: the API answers 401 to the tenant's key
        String callId = newVapiCallId();
        PROVIDER.stubFor(get(urlPathEqualTo(stereoPath(callId))).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Invalid Key\"}")));
        CallEnded call = vapiCall(callId).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        List<RecordingFetchFailed> failed = awaitFailed(call.getRecordingId(), 1);
        assertThat(failed.getFirst().getErrorCode()).isEqualTo("PROVIDER_UNAUTHORIZED");
        assertThat(failed.getFirst().getHttpStatus()).isEqualTo(401);
        assertThat(failed.getFirst().getRetryable()).isFalse();
        assertThat(failed.getFirst().getAttempts()).isEqualTo(1);
        assertThat(keysOf(call.getRecordingId())).isEmpty();
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(stereoPath(callId)))
                .withHeader("Authorization", equalTo("Bearer " + VAPI_API_KEY)));
    }

    @Test
    void shouldFallBackToTheMonoRecordingWhenABackfilledCallHasNoStereoRecording() throws Exception {
        // given: a backfill command (no recording URL); no stereo recording, a mono one behind a redirect
        String callId = newVapiCallId();
        String monoPath = "/vapi-storage/" + callId + "/mono.mp3";
        PROVIDER.stubFor(get(urlPathEqualTo(stereoPath(callId))).willReturn(aResponse().withStatus(404)));
        PROVIDER.stubFor(get(urlPathEqualTo("/vapi/call/" + callId + "/mono-recording")).willReturn(aResponse()
                .withStatus(302).withHeader("Location", vapiStorageUrl(monoPath))));
        PROVIDER.stubFor(get(urlPathEqualTo(monoPath)).willReturn(audio()));
        CallEnded call = vapiCall(callId).setChannels(1).build();
        FetchRequested command = backfillOf(call);

        // when
        publish(Topics.FETCH_REQUESTED, call.getRecordingId(), command);

        // then
        assertStoredByteForByte(call);
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(stereoPath(callId))));
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(monoPath)).withoutHeader("Authorization"));
    }

    private static String stereoPath(String callId) {
        return "/vapi/call/" + callId + "/stereo-recording";
    }

    /** @return the query of an AWS SigV4 pre-signed URL signed at {@code signedAt}, valid {@code seconds} */
    private static String signedFor(Instant signedAt, int seconds) {
        return "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIDEXAMPLE%2F20261122%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=" + AMZ_DATE.format(signedAt) + "&X-Amz-Expires=" + seconds
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "ab".repeat(32);
    }

    private static String foreignUrl(String pathAndQuery) {
        return "http://127.0.0.2:" + FOREIGN.port() + pathAndQuery;
    }

    private static WireMockServer startForeignHost() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.2"));
        server.start();
        return server;
    }
}
