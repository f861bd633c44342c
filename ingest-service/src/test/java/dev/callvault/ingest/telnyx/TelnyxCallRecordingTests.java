package dev.callvault.ingest.telnyx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.ingest.IngestIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Telnyx {@code call.recording.saved} webhooks over real HTTP, signed with an Ed25519 key pair generated here, with
 * events asserted on the real call-ended topic.
 *
 * <p>Tenants: {@code acme} has the generated key's raw public key (base64) as {@code telnyx.public-key} and an API key
 * the ingest ignores; {@code globex} has only a Telnyx API key, so no Telnyx webhooks. Recording hosts are the default
 * ({@code s3.amazonaws.com}, {@code *.s3.amazonaws.com}).
 */
@ExtendWith(OutputCaptureExtension.class)
class TelnyxCallRecordingTests extends IngestIntegrationTest {

    /** acme's key pair, whose public half the shared test configuration holds. */
    private static final KeyPair ACME_KEYS = TELNYX_KEYS;
    private static final String ACME_PUBLIC_KEY = Base64.getEncoder().encodeToString(rawPublicKey(ACME_KEYS));
    private static final String STARTED = "2026-11-20T09:15:00.250000Z";
    private static final String ENDED = "2026-11-20T09:16:34.900000Z";
    private static final String OCCURRED = "2026-11-20T09:16:35.512000Z";

    @Test
    void shouldPublishCallEndedForASavedRecording() throws Exception {
        // given a single-channel recording with both formats
        String recordingId = UUID.randomUUID().toString();
        String session = UUID.randomUUID().toString();
        String wav = s3Url(recordingId, "wav");
        byte[] body = saved(recordingId, session, "single", wav, s3Url(recordingId, "mp3"));

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then exactly one event, with the mapped fields
        CallEnded event = assertAcceptedOnce(response, RecordingIds.of("acme", Provider.TELNYX, recordingId));
        assertThat(event.getTenantId()).isEqualTo("acme");
        assertThat(event.getProvider()).isEqualTo(Provider.TELNYX);
        assertThat(event.getProviderRecordingId()).isEqualTo(recordingId);
        assertThat(event.getProviderCallId()).isEqualTo(session);
        assertThat(event.getProviderAccountId()).isEqualTo("1684641123236054244");
        assertThat(event.getRecordingUrl()).isEqualTo(wav);
        assertThat(event.getChannels()).isEqualTo(1);
        assertThat(event.getCallStartedAt()).isEqualTo(Instant.parse(STARTED));
        assertThat(event.getCallEndedAt()).isEqualTo(Instant.parse(ENDED));
        assertThat(event.getDurationSeconds()).isEqualTo(95);
        assertThat(event.getDirection()).isEqualTo(CallDirection.UNKNOWN);
        assertThat(event.getFromNumber()).isEqualTo("+14155550123");
        assertThat(event.getToNumber()).isEqualTo("+14155550999");
        assertThat(event.getRecordingAvailable()).isTrue();
        assertThat(event.getUnavailableReason()).isNull();
        assertThat(event.getMetadata())
                .containsEntry("call_control_id", "v3:ctrl-" + session)
                .containsEntry("call_leg_id", "leg-" + session)
                .containsEntry("format", "wav")
                .containsEntry("event_id", "evt-" + recordingId)
                .doesNotContainKey("client_state");
    }

    @Test
    void shouldPublishTwoChannelsForADualChannelRecording() throws Exception {
        // given a dual-channel recording with only an mp3, on a virtual-hosted S3 URL
        String recordingId = UUID.randomUUID().toString();
        String mp3 = "https://telephony-recorder-prod.s3.amazonaws.com/" + recordingId
                + ".mp3?X-Amz-Expires=600&X-Amz-Signature=d1d2";
        byte[] body = saved(recordingId, UUID.randomUUID().toString(), "dual", null, mp3);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        CallEnded event = assertAcceptedOnce(response, RecordingIds.of("acme", Provider.TELNYX, recordingId));
        assertThat(event.getChannels()).isEqualTo(2);
        assertThat(event.getRecordingUrl()).isEqualTo(mp3);
    }

    @Test
    void shouldRejectASignatureByAnotherKey() throws Exception {
        // given a body signed by a key that is not the tenant's
        String recordingId = UUID.randomUUID().toString();
        byte[] body = saved(recordingId);
        String timestamp = now();
        String signature = sign(generateKeyPair().getPrivate(), timestamp, body);

        // when
        HttpResponse<String> response = post("acme", body, signature, timestamp);

        // then
        assertProblem(response, 401);
        assertThat(response.body()).doesNotContain(signature);
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldRejectABodyChangedAfterSigning() throws Exception {
        // given a signed body whose recording URL is swapped afterwards
        String recordingId = UUID.randomUUID().toString();
        byte[] signed = saved(recordingId);
        String timestamp = now();
        String signature = sign(ACME_KEYS.getPrivate(), timestamp, signed);
        byte[] changed = new String(signed, StandardCharsets.UTF_8)
                .replace("telephony-recorder-prod", "telephony-recorder-evil").getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = post("acme", changed, signature, timestamp);

        // then
        assertProblem(response, 401);
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldRejectASignatureOfAnotherTimestamp() throws Exception {
        // given a signature made at t, presented with t + 1
        String recordingId = UUID.randomUUID().toString();
        byte[] body = saved(recordingId);
        long t = Instant.now().getEpochSecond();
        String signature = sign(ACME_KEYS.getPrivate(), Long.toString(t), body);

        // when
        HttpResponse<String> response = post("acme", body, signature, Long.toString(t + 1));

        // then
        assertProblem(response, 401);
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldRejectAStaleTimestamp() throws Exception {
        // given a correct signature made six minutes ago
        String recordingId = UUID.randomUUID().toString();
        byte[] body = saved(recordingId);
        String timestamp = Long.toString(Instant.now().minusSeconds(360).getEpochSecond());

        // when
        HttpResponse<String> response = post("acme", body, sign(ACME_KEYS.getPrivate(), timestamp, body), timestamp);

        // then
        assertProblem(response, 401);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("old");
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldRejectAFutureTimestamp() throws Exception {
        // given a correct signature dated six minutes ahead
        String recordingId = UUID.randomUUID().toString();
        byte[] body = saved(recordingId);
        String timestamp = Long.toString(Instant.now().plusSeconds(360).getEpochSecond());

        // when
        HttpResponse<String> response = post("acme", body, sign(ACME_KEYS.getPrivate(), timestamp, body), timestamp);

        // then
        assertProblem(response, 401);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("future");
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldRejectMissingOrMalformedHeaders() throws Exception {
        // given
        String recordingId = UUID.randomUUID().toString();
        byte[] body = saved(recordingId);
        String timestamp = now();
        String signature = sign(ACME_KEYS.getPrivate(), timestamp, body);

        // when
        HttpResponse<String> noSignature = post("acme", body, null, timestamp);
        HttpResponse<String> noTimestamp = post("acme", body, signature, null);
        HttpResponse<String> neither = post("acme", body, null, null);
        HttpResponse<String> notSeconds = post("acme", body, signature, "2026-11-20T09:16:35Z");
        HttpResponse<String> notBase64 = post("acme", body, "not*base64!", timestamp);
        HttpResponse<String> hugeTimestamp = post("acme", body, signature, "9".repeat(40));

        // then
        for (HttpResponse<String> response : List.of(noSignature, noTimestamp, neither, notSeconds, notBase64,
                hugeTimestamp)) {
            assertProblem(response, 401);
            assertThat(response.body()).doesNotContain("Exception");
        }
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldAcknowledgeOtherEventTypesWithoutPublishing() throws Exception {
        // given a hang-up, which Call Control sends to the same URL
        String session = UUID.randomUUID().toString();
        byte[] body = ("""
                {"data": {"record_type": "event", "event_type": "call.hangup", "id": "evt-%s",
                  "occurred_at": "%s", "payload": {"call_control_id": "v3:ctrl-%s", "call_session_id": "%s",
                  "connection_id": "1684641123236054244", "hangup_cause": "normal_clearing"}},
                 "meta": {"attempt": 1}}
                """).formatted(session, OCCURRED, session, session).getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("ignored").asString()).contains("call.hangup");
    }

    @Test
    void shouldRejectMalformedJson() throws Exception {
        // given a correctly signed, truncated body
        String recordingId = UUID.randomUUID().toString();
        byte[] body = Arrays.copyOf(saved(recordingId), 300);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        assertProblem(response, 400);
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldRejectDuplicateFields() throws Exception {
        // given a signed body that names its recording twice, so it could be read two ways
        String recordingId = UUID.randomUUID().toString();
        byte[] body = new String(saved(recordingId), StandardCharsets.UTF_8)
                .replace("\"recording_id\":", "\"recording_id\": \"other\", \"recording_id\":")
                .getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        assertProblem(response, 400);
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldRejectAnInvalidOrMissingRecordingId() throws Exception {
        // given
        byte[] invalid = saved("../../" + uniqueHex(), UUID.randomUUID().toString(), "single", null, null);
        byte[] missing = new String(saved(UUID.randomUUID().toString()), StandardCharsets.UTF_8)
                .replace("\"recording_id\":", "\"not_the_recording_id\":").getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> invalidResponse = postSigned("acme", invalid);
        HttpResponse<String> missingResponse = postSigned("acme", missing);

        // then
        assertProblem(invalidResponse, 400);
        assertProblem(missingResponse, 400);
        assertThat(JSON.readTree(invalidResponse.body()).get("detail").asString()).contains("recording_id");
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownTenantOrATenantWithoutAPublicKey() throws Exception {
        // given
        String recordingId = UUID.randomUUID().toString();
        byte[] body = saved(recordingId);

        // when
        HttpResponse<String> unknown = postSigned("nobody", body);
        HttpResponse<String> withoutKey = postSigned("globex", body);

        // then
        assertProblem(unknown, 404);
        assertProblem(withoutKey, 404);
        assertThat(publishedCallEnded(RecordingIds.of("nobody", Provider.TELNYX, recordingId))).isEmpty();
        assertThat(publishedCallEnded(RecordingIds.of("globex", Provider.TELNYX, recordingId))).isEmpty();
    }

    @Test
    void shouldRefuseARecordingUrlOutsideTheAllowlist() throws Exception {
        // given a presigned URL on a foreign host, plain http on a host admitted only by a wildcard, and an allowed
        // wav next to a foreign mp3
        String foreign = UUID.randomUUID().toString();
        String plainHttp = UUID.randomUUID().toString();
        String foreignMp3 = UUID.randomUUID().toString();

        // when
        HttpResponse<String> foreignHost = postSigned("acme", saved(foreign, UUID.randomUUID().toString(), "single",
                "https://s3.amazonaws.com.evil.example/" + foreign + ".wav?X-Amz-Signature=abc", null));
        HttpResponse<String> insecure = postSigned("acme", saved(plainHttp, UUID.randomUUID().toString(), "single",
                "http://telephony-recorder-prod.s3.amazonaws.com/" + plainHttp + ".wav", null));
        HttpResponse<String> mixed = postSigned("acme", saved(foreignMp3, UUID.randomUUID().toString(), "single",
                s3Url(foreignMp3, "wav"), "https://169.254.169.254/latest/meta-data/"));

        // then
        assertProblem(foreignHost, 400);
        assertThat(foreignHost.body()).contains("data.payload.recording_urls.wav")
                .contains("s3.amazonaws.com.evil.example").doesNotContain("X-Amz");
        assertProblem(insecure, 400);
        assertProblem(mixed, 400);
        assertThat(mixed.body()).contains("data.payload.recording_urls.mp3").doesNotContain("meta-data");
        assertNothingPublished(foreign);
        assertNothingPublished(plainHttp);
        assertNothingPublished(foreignMp3);
    }

    @Test
    void shouldRefuseABodyOverTheLimitWithDeclaredLength() throws Exception {
        // given a signed body of 1.25 MiB, over the 1 MiB default of callvault.ingest.max-body-size
        String recordingId = UUID.randomUUID().toString();
        byte[] body = padded(saved(recordingId), 1_310_720);

        // when
        HttpResponse<String> response = postSigned("acme", body);

        // then
        assertProblem(response, 413);
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldRefuseAChunkedBodyOverTheLimit() throws Exception {
        // given no Content-Length, so the limit applies while reading
        String recordingId = UUID.randomUUID().toString();
        byte[] body = padded(saved(recordingId), 1_310_720);
        String timestamp = now();

        // when
        HttpResponse<String> response = send(request(url("acme"))
                .header("Content-Type", "application/json")
                .header(TelnyxSignature.SIGNATURE_HEADER, sign(ACME_KEYS.getPrivate(), timestamp, body))
                .header(TelnyxSignature.TIMESTAMP_HEADER, timestamp)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        // then
        assertProblem(response, 413);
        assertNothingPublished(recordingId);
    }

    @Test
    void shouldNeverLogTheSignatureThePublicKeyOrAPresignedUrl(CapturedOutput output) throws Exception {
        // given a published webhook, one signed by another key and one with a foreign host
        String published = UUID.randomUUID().toString();
        String wav = s3Url(published, "wav");
        byte[] body = saved(published, UUID.randomUUID().toString(), "single", wav, null);
        String timestamp = now();
        String signature = sign(ACME_KEYS.getPrivate(), timestamp, body);
        String forged = sign(generateKeyPair().getPrivate(), timestamp, body);
        String foreignUrl = "https://evil.example/" + published + ".wav?X-Amz-Signature=secret-" + published;

        // when
        HttpResponse<String> accepted = post("acme", body, signature, timestamp);
        HttpResponse<String> refused = post("acme", body, forged, timestamp);
        HttpResponse<String> foreign = postSigned("acme", saved(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "single", foreignUrl, null));

        // then
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(output.getAll())
                .contains("rejected with 401")
                .doesNotContain(signature)
                .doesNotContain(forged)
                .doesNotContain(ACME_PUBLIC_KEY)
                .doesNotContain(wav)
                .doesNotContain("secret-" + published);
    }

    private void assertNothingPublished(String recordingId) {
        assertThat(publishedCallEnded(RecordingIds.of("acme", Provider.TELNYX, recordingId))).isEmpty();
    }

    private static String s3Url(String recordingId, String format) {
        return "https://s3.amazonaws.com/telephony-recorder-prod/047e057e-cb46-4b11-bb31-37987e753ed7/2026-11-20/"
                + recordingId + "." + format + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600"
                + "&X-Amz-Signature=0a1b2c";
    }

    private static byte[] saved(String recordingId) {
        return saved(recordingId, UUID.randomUUID().toString(), "single", s3Url(recordingId, "wav"), null);
    }

    /** A {@code call.recording.saved} webhook as Telnyx documents it; {@code null} URLs are JSON nulls. */
    private static byte[] saved(String recordingId, String session, String channels, String wav, String mp3) {
        return ("""
                {"data": {"record_type": "event", "event_type": "call.recording.saved", "id": "evt-%s",
                  "occurred_at": "%s",
                  "payload": {"call_control_id": "v3:ctrl-%s", "call_leg_id": "leg-%s", "call_session_id": "%s",
                    "client_state": "aGF2ZSBhIG5pY2UgZGF5ID1d", "connection_id": "1684641123236054244",
                    "channels": "%s", "format": "wav", "from": "+14155550123", "to": "+14155550999",
                    "recording_id": "%s", "recording_started_at": "%s", "recording_ended_at": "%s",
                    "recording_urls": {"mp3": %s, "wav": %s},
                    "public_recording_urls": {}}},
                 "meta": {"attempt": 1, "delivered_to": "https://hooks.callvault.test/ingest/webhooks/telnyx"}}
                """).formatted(recordingId, OCCURRED, session, session, session, channels, recordingId, STARTED,
                ENDED, quoted(mp3), quoted(wav)).getBytes(StandardCharsets.UTF_8);
    }

    /** The body with a {@code padding} member of {@code size} characters at the top level. */
    private static byte[] padded(byte[] body, int size) {
        String json = new String(body, StandardCharsets.UTF_8).strip();
        return (json.substring(0, json.length() - 1) + ", \"padding\": \"" + "x".repeat(size) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    private String url(String tenant) {
        return localBaseUrl() + "/webhooks/telnyx/" + tenant + "/call-recording";
    }

    private HttpResponse<String> postSigned(String tenant, byte[] body) throws Exception {
        String timestamp = now();
        return post(tenant, body, sign(ACME_KEYS.getPrivate(), timestamp, body), timestamp);
    }

    /** Posts a webhook; a {@code null} header is not sent. */
    private HttpResponse<String> post(String tenant, byte[] body, String signature, String timestamp)
            throws Exception {
        HttpRequest.Builder builder = request(url(tenant))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            builder.header(TelnyxSignature.SIGNATURE_HEADER, signature);
        }
        if (timestamp != null) {
            builder.header(TelnyxSignature.TIMESTAMP_HEADER, timestamp);
        }
        return send(builder.build());
    }

    /** Signs as Telnyx does: base64 Ed25519 of {@code "<timestamp>|<body>"}. */
    static String sign(PrivateKey key, String timestamp, byte[] body) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update((timestamp + "|").getBytes(StandardCharsets.US_ASCII));
        signer.update(body);
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw 32-byte public key, as Telnyx shows it: the last 32 bytes of the X.509 SubjectPublicKeyInfo. */
    static byte[] rawPublicKey(KeyPair keys) {
        byte[] spki = keys.getPublic().getEncoded();
        return Arrays.copyOfRange(spki, spki.length - TelnyxPublicKey.RAW_LENGTH, spki.length);
    }
}
