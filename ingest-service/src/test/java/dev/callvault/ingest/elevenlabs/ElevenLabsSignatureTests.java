package dev.callvault.ingest.elevenlabs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.ingest.webhook.UnauthenticatedWebhookException;
import dev.callvault.local.testing.ElevenLabsWebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

/** The ElevenLabs-Signature header: parsing, timestamp window, and the HMAC over {@code "<t>.<body>"}. */
class ElevenLabsSignatureTests {

    private static final Instant NOW = Instant.ofEpochSecond(1_750_000_000L);
    private static final byte[] BODY = "{\"type\":\"post_call_transcription\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldMatchTheProvidersSignature() {
        // given
        ElevenLabsSignature signature = ElevenLabsSignature.parse(
                ElevenLabsWebhookSigner.header("secret", NOW.getEpochSecond(), BODY));

        // when
        Mac mac = signature.startMac("secret");
        mac.update(BODY);

        // then
        assertThat(signature.timestamp()).isEqualTo(NOW.getEpochSecond());
        assertThat(signature.matches(mac.doFinal())).isTrue();
    }

    @Test
    void shouldNotMatchAnotherTimestampOrSecret() {
        // given: the signature of t, presented with t+1
        String header = ElevenLabsWebhookSigner.header("secret", NOW.getEpochSecond(), BODY);
        String shifted = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));
        ElevenLabsSignature signature = ElevenLabsSignature.parse(shifted);
        ElevenLabsSignature original = ElevenLabsSignature.parse(header);

        // when
        Mac shiftedMac = signature.startMac("secret");
        shiftedMac.update(BODY);
        Mac otherSecret = original.startMac("secret2");
        otherSecret.update(BODY);

        // then
        assertThat(signature.matches(shiftedMac.doFinal())).isFalse();
        assertThat(original.matches(otherSecret.doFinal())).isFalse();
    }

    @Test
    void shouldAcceptAnyOfSeveralSignatures() {
        // given
        String valid = ElevenLabsWebhookSigner.header("secret", NOW.getEpochSecond(), BODY);
        String header = "t=" + NOW.getEpochSecond() + ",v0=" + "00".repeat(32) + "," + valid.split(",")[1];
        ElevenLabsSignature signature = ElevenLabsSignature.parse(header);

        // when
        Mac mac = signature.startMac("secret");
        mac.update(BODY);

        // then
        assertThat(signature.matches(mac.doFinal())).isTrue();
    }

    @Test
    void shouldRejectMalformedHeaders() {
        // when / then
        for (String header : new String[] {null, "", "v0=abcd", "t=123", "t=abc,v0=abcd", "t=1,v0=xyz"}) {
            assertThatThrownBy(() -> ElevenLabsSignature.parse(header))
                    .as(String.valueOf(header))
                    .isInstanceOf(UnauthenticatedWebhookException.class);
        }
    }

    @Test
    void shouldEnforceTheTimestampWindow() {
        // given
        Duration maxAge = Duration.ofMinutes(30);
        Duration skew = Duration.ofMinutes(5);

        // when / then: the edges pass, one second beyond them fails
        assertThatNoException().isThrownBy(() -> at(NOW.minus(Duration.ofMinutes(30))).checkTimestamp(NOW, maxAge, skew));
        assertThatNoException().isThrownBy(() -> at(NOW.plus(Duration.ofMinutes(5))).checkTimestamp(NOW, maxAge, skew));
        assertThatThrownBy(() -> at(NOW.minus(Duration.ofMinutes(30)).minusSeconds(1)).checkTimestamp(NOW, maxAge, skew))
                .isInstanceOf(UnauthenticatedWebhookException.class);
        assertThatThrownBy(() -> at(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1)).checkTimestamp(NOW, maxAge, skew))
                .isInstanceOf(UnauthenticatedWebhookException.class);
    }

    private static ElevenLabsSignature at(Instant timestamp) {
        return ElevenLabsSignature.parse("t=" + timestamp.getEpochSecond() + ",v0=00");
    }
}
