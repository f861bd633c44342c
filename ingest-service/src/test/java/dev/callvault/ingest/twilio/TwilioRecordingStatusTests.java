package dev.callvault.ingest.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.ingest.IngestIntegrationTest;
import dev.callvault.local.testing.TwilioWebhookSigner;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Twilio recording status callbacks over real HTTP, with events asserted on the real call-ended topic. */
class TwilioRecordingStatusTests extends IngestIntegrationTest {

    private static final String START_TIME = "Tue, 21 Jun 2022 19:38:22 +0000";

    @Test
    void shouldPublishCallEndedForCompletedRecording() throws Exception {
        // given
        Map<String, String> params = completed();
        String recordingSid = params.get("RecordingSid");
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, recordingSid);

        // when
        HttpResponse<String> response = postSigned("acme", params);

        // then
        CallEnded event = assertAcceptedOnce(response, recordingId);
        assertThat(event.getTenantId()).isEqualTo("acme");
        assertThat(event.getRecordingId()).isEqualTo(recordingId);
        assertThat(event.getProvider()).isEqualTo(Provider.TWILIO);
        assertThat(event.getProviderRecordingId()).isEqualTo(recordingSid);
        assertThat(event.getProviderCallId()).isEqualTo(params.get("CallSid"));
        assertThat(event.getProviderAccountId()).isEqualTo(ACME_ACCOUNT_SID);
        assertThat(event.getRecordingUrl()).isEqualTo(params.get("RecordingUrl"));
        assertThat(event.getCallStartedAt()).isEqualTo(Instant.parse("2022-06-21T19:38:22Z"));
        assertThat(event.getCallEndedAt()).isEqualTo(Instant.parse("2022-06-21T19:39:04Z"));
        assertThat(event.getDurationSeconds()).isEqualTo(42);
        assertThat(event.getChannels()).isEqualTo(2);
        assertThat(event.getDirection()).isEqualTo(CallDirection.INBOUND);
        assertThat(event.getFromNumber()).isEqualTo("+14155550100");
        assertThat(event.getToNumber()).isEqualTo("+14155550199");
        assertThat(event.getRecordingAvailable()).isTrue();
        assertThat(event.getUnavailableReason()).isNull();
        assertThat(event.getMetadata())
                .containsEntry("RecordingSource", "DialVerb")
                .containsEntry("RecordingTrack", "both")
                .containsEntry("RecordingStatus", "completed")
                .doesNotContainKeys("ErrorCode", "RecordingSid", "AccountSid");
    }

    @Test
    void shouldGiveAnotherTenantPostingTheSameRecordingSidItsOwnRecording() throws Exception {
        // given acme's completed recording, and globex posting a correctly signed callback naming the same
        // RecordingSid (a second tenant on a shared account, or a tenant replaying another's callback)
        Map<String, String> acme = completed();
        String recordingSid = acme.get("RecordingSid");
        Map<String, String> globex = new LinkedHashMap<>(acme);
        globex.put("AccountSid", GLOBEX_ACCOUNT_SID);
        globex.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/" + GLOBEX_ACCOUNT_SID
                + "/Recordings/" + recordingSid);
        String globexSignature = TwilioWebhookSigner.signature("globex-twilio-token",
                PUBLIC_BASE_URL + path("globex"), globex);

        // when both are posted
        HttpResponse<String> acmeResponse = postSigned("acme", acme);
        HttpResponse<String> globexResponse = post("globex", form(globex), globexSignature);

        // then each tenant has its own recording id, so neither's events can collide with the other's
        UUID acmeId = RecordingIds.of("acme", Provider.TWILIO, recordingSid);
        UUID globexId = RecordingIds.of("globex", Provider.TWILIO, recordingSid);
        assertThat(acmeId).isNotEqualTo(globexId);
        assertThat(assertAcceptedOnce(acmeResponse, acmeId).getTenantId()).isEqualTo("acme");
        assertThat(assertAcceptedOnce(globexResponse, globexId).getTenantId()).isEqualTo("globex");
        assertThat(publishedCallEnded(RecordingIds.legacyOf(Provider.TWILIO, recordingSid))).isEmpty();
    }

    @Test
    void shouldPublishUnavailableRecordingWithErrorCodeWhenAbsent() throws Exception {
        // given
        Map<String, String> params = completed();
        params.put("RecordingStatus", "absent");
        params.put("RecordingDuration", "0");
        params.put("ErrorCode", "13617");
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = postSigned("acme", params);

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        List<CallEnded> events = awaitCallEnded(recordingId, 1);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().getRecordingAvailable()).isFalse();
        assertThat(events.getFirst().getUnavailableReason()).isEqualTo("13617");
        assertThat(events.getFirst().getMetadata()).containsEntry("RecordingStatus", "absent");
    }

    @Test
    void shouldUseStatusAsReasonWhenFailedWithoutErrorCode() throws Exception {
        // given
        Map<String, String> params = completed();
        params.put("RecordingStatus", "failed");
        params.remove("ErrorCode");
        params.remove("RecordingStartTime");
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));
        Instant before = Instant.now().minusSeconds(1);

        // when
        HttpResponse<String> response = postSigned("acme", params);

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        List<CallEnded> events = publishedCallEnded(recordingId);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().getRecordingAvailable()).isFalse();
        assertThat(events.getFirst().getUnavailableReason()).isEqualTo("failed");
        assertThat(events.getFirst().getCallEndedAt()).isAfter(before);
    }

    @Test
    void shouldAnswerOkWithoutPublishingWhileInProgress() throws Exception {
        // given
        Map<String, String> params = completed();
        params.put("RecordingStatus", "in-progress");
        params.remove("RecordingDuration");
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = postSigned("acme", params);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("in-progress");
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldSignOverPublicUrlWithQueryAndOnlyThePostParameters() throws Exception {
        // given: the query string is part of the signed URL but its parameters are not POST parameters
        Map<String, String> params = completed();
        String query = "source=studio&attempt=1";
        String publicUrl = PUBLIC_BASE_URL + path("acme") + "?" + query;
        String signature = TwilioWebhookSigner.signature(ACME_AUTH_TOKEN, publicUrl, params);
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = send(request(localBaseUrl() + path("acme") + "?" + query)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build());

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        List<CallEnded> events = publishedCallEnded(recordingId);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().getMetadata()).doesNotContainKeys("source", "attempt");
    }

    @Test
    void shouldRejectSignatureThatCoversQueryParametersAsPostParameters() throws Exception {
        // given: a signer that (wrongly) mixes the query parameters into the POST parameters
        Map<String, String> params = completed();
        String publicUrl = PUBLIC_BASE_URL + path("acme") + "?source=studio";
        Map<String, String> mixed = new LinkedHashMap<>(params);
        mixed.put("source", "studio");
        String signature = TwilioWebhookSigner.signature(ACME_AUTH_TOKEN, publicUrl, mixed);
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = send(request(localBaseUrl() + path("acme") + "?source=studio")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build());

        // then
        assertProblem(response, 401);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldRejectWrongSignature() throws Exception {
        // given
        Map<String, String> params = completed();
        String signature = TwilioWebhookSigner.signature("another-token", PUBLIC_BASE_URL + path("acme"), params);
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = post("acme", form(params), signature);

        // then
        assertProblem(response, 401);
        assertThat(response.body()).doesNotContain(signature);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldRejectSignatureOverTheInternalUrlInsteadOfThePublicOne() throws Exception {
        // given
        Map<String, String> params = completed();
        String signature = TwilioWebhookSigner.signature(ACME_AUTH_TOKEN, localBaseUrl() + path("acme"), params);
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = post("acme", form(params), signature);

        // then
        assertProblem(response, 401);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldRejectMissingSignature() throws Exception {
        // given
        Map<String, String> params = completed();
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = post("acme", form(params), null);

        // then
        assertProblem(response, 401);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldAnswerNotFoundForUnknownTenant() throws Exception {
        // given
        Map<String, String> params = completed();
        String signature = TwilioWebhookSigner.signature(ACME_AUTH_TOKEN, PUBLIC_BASE_URL + path("nobody"), params);
        UUID recordingId = RecordingIds.of("nobody", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = post("nobody", form(params), signature);

        // then
        assertProblem(response, 404);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldAnswerNotFoundForTenantWithoutTwilioCredentials() throws Exception {
        // given
        Map<String, String> params = completed();
        String signature = TwilioWebhookSigner.signature(ACME_AUTH_TOKEN, PUBLIC_BASE_URL + path("voiceonly"),
                params);
        UUID recordingId = RecordingIds.of("voiceonly", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = post("voiceonly", form(params), signature);

        // then
        assertProblem(response, 404);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldRejectForeignAccountSid() throws Exception {
        // given: correctly signed with acme's token, but the callback names globex's account
        Map<String, String> params = completed();
        params.put("AccountSid", GLOBEX_ACCOUNT_SID);
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = postSigned("acme", params);

        // then
        assertProblem(response, 401);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example/2010-04-01/Accounts/AC11111111111111111111111111111111/Recordings/RE1",
            "https://api.twilio.com.evil.example/2010-04-01/Accounts/AC11111111111111111111111111111111/Recordings/RE1",
            "https://api.twilio.com@evil.example/2010-04-01/Recordings/RE1",
            "https://user:pass@api.twilio.com/2010-04-01/Recordings/RE1",
            "http://api.twilio.com/2010-04-01/Recordings/RE1",
            "https://api.twilio.com:8443/2010-04-01/Recordings/RE1",
            "https://api.twilio.com/2010-04-01/../../../internal",
            "file:///etc/passwd",
            "not a url"})
    void shouldRejectRecordingUrlOutsideTheTwilioApi(String recordingUrl) throws Exception {
        // given
        Map<String, String> params = completed();
        params.put("RecordingUrl", recordingUrl);
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = postSigned("acme", params);

        // then
        assertProblem(response, 400);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldRejectMalformedForm() throws Exception {
        // given: an invalid percent-encoding
        String recordingSid = "RE" + uniqueHex();
        String body = "RecordingSid=" + recordingSid + "&AccountSid=" + ACME_ACCOUNT_SID
                + "&RecordingStatus=completed&CallSid=CA%ZZ";
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, recordingSid);

        // when
        HttpResponse<String> response = post("acme", body, "c2lnbmF0dXJl");

        // then
        assertProblem(response, 400);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldRejectMissingRecordingSid() throws Exception {
        // given
        Map<String, String> params = completed();
        params.remove("RecordingSid");

        // when
        HttpResponse<String> response = postSigned("acme", params);

        // then
        assertProblem(response, 400);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("RecordingSid");
    }

    @Test
    void shouldRejectUnparsableStartTime() throws Exception {
        // given
        Map<String, String> params = completed();
        params.put("RecordingStartTime", "yesterday");
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = postSigned("acme", params);

        // then
        assertProblem(response, 400);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldRejectOversizeFormWithDeclaredLength() throws Exception {
        // given: 1.25 MiB, over the 1 MiB default limit
        Map<String, String> params = completed();
        params.put("Padding", "x".repeat(1_310_720));
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = postSigned("acme", params);

        // then
        assertProblem(response, 413);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldRejectOversizeChunkedForm() throws Exception {
        // given: no Content-Length, so the limit applies while reading
        Map<String, String> params = completed();
        params.put("Padding", "x".repeat(1_310_720));
        String signature = TwilioWebhookSigner.signature(ACME_AUTH_TOKEN, PUBLIC_BASE_URL + path("acme"), params);
        byte[] body = form(params).getBytes(StandardCharsets.UTF_8);
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, params.get("RecordingSid"));

        // when
        HttpResponse<String> response = send(request(localBaseUrl() + path("acme"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        // then
        assertProblem(response, 413);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    @Test
    void shouldRejectJsonBodyAsUnsupportedMediaType() throws Exception {
        // given
        String recordingSid = "RE" + uniqueHex();
        UUID recordingId = RecordingIds.of("acme", Provider.TWILIO, recordingSid);

        // when
        HttpResponse<String> response = send(request(localBaseUrl() + path("acme"))
                .header("Content-Type", "application/json")
                .header("X-Twilio-Signature", "c2lnbmF0dXJl")
                .POST(HttpRequest.BodyPublishers.ofString("{\"RecordingSid\":\"" + recordingSid + "\"}")).build());

        // then
        assertProblem(response, 415);
        assertThat(publishedCallEnded(recordingId)).isEmpty();
    }

    private static Map<String, String> completed() {
        String hex = uniqueHex();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACME_ACCOUNT_SID);
        params.put("CallSid", "CA" + hex);
        params.put("RecordingSid", "RE" + hex);
        params.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/" + ACME_ACCOUNT_SID
                + "/Recordings/RE" + hex);
        params.put("RecordingStatus", "completed");
        params.put("RecordingDuration", "42");
        params.put("RecordingChannels", "2");
        params.put("RecordingStartTime", START_TIME);
        params.put("RecordingSource", "DialVerb");
        params.put("RecordingTrack", "both");
        params.put("ErrorCode", "0");
        params.put("From", "+14155550100");
        params.put("To", "+14155550199");
        params.put("Direction", "inbound");
        return params;
    }

    private static String path(String tenant) {
        return "/webhooks/twilio/" + tenant + "/recording-status";
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> postSigned(String tenant, Map<String, String> params) throws Exception {
        String signature = TwilioWebhookSigner.signature(ACME_AUTH_TOKEN, PUBLIC_BASE_URL + path(tenant), params);
        return post(tenant, form(params), signature);
    }

    private HttpResponse<String> post(String tenant, String body, String signature) throws Exception {
        HttpRequest.Builder builder = request(localBaseUrl() + path(tenant))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            builder.header("X-Twilio-Signature", signature);
        }
        return send(builder.build());
    }
}
