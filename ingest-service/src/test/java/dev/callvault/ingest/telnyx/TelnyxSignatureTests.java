package dev.callvault.ingest.telnyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.ingest.webhook.UnauthenticatedWebhookException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The Ed25519 verifier and the Telnyx signature headers: RFC 8032 vector, signed message, timestamp window. */
class TelnyxSignatureTests {

    /**
     * RFC 8032 §7.1 test vectors, hex: public key, message, signature. TEST 2 (the one-byte message 0x72) has an even
     * x, TEST SHA(abc) (the message is SHA-512 of "abc") an odd one: the top bit of its last key byte is set.
     */
    private static final String[][] RFC8032_VECTORS = {
            {"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
            {"ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                    "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                            + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"}};

    private static final Instant NOW = Instant.ofEpochSecond(1_795_252_595L);
    private static final byte[] BODY = "{\"data\":{\"event_type\":\"call.recording.saved\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldVerifyTheRfc8032TestVectorsWithTheRawKeyDecoded() {
        HexFormat hex = HexFormat.of();
        for (String[] vector : RFC8032_VECTORS) {
            // given the raw 32-byte key of the vector, base64 as Telnyx shows keys
            String base64 = Base64.getEncoder().encodeToString(hex.parseHex(vector[0]));
            byte[] message = hex.parseHex(vector[1]);
            byte[] signature = hex.parseHex(vector[2]);

            // when
            PublicKey key = TelnyxPublicKey.decode(base64);

            // then the RFC's signature verifies, and neither another message nor another signature does
            assertThat(TelnyxSignature.verifies(key, signature, message)).as(vector[0]).isTrue();
            byte[] otherMessage = message.clone();
            otherMessage[0] ^= 0x01;
            assertThat(TelnyxSignature.verifies(key, signature, otherMessage)).as(vector[0]).isFalse();
            byte[] otherSignature = signature.clone();
            otherSignature[0] ^= 0x01;
            assertThat(TelnyxSignature.verifies(key, otherSignature, message)).as(vector[0]).isFalse();
        }
    }

    @Test
    void shouldVerifyASignatureOverTimestampPipeBody() throws Exception {
        // given
        KeyPair keys = TelnyxCallRecordingTests.generateKeyPair();
        PublicKey key = TelnyxPublicKey.decode(
                Base64.getEncoder().encodeToString(TelnyxCallRecordingTests.rawPublicKey(keys)));
        String timestamp = Long.toString(NOW.getEpochSecond());
        String header = TelnyxCallRecordingTests.sign(keys.getPrivate(), timestamp, BODY);

        // when
        TelnyxSignature signature = TelnyxSignature.parse(header, timestamp);

        // then
        assertThat(signature.epochSecond()).isEqualTo(NOW.getEpochSecond());
        assertThat(signature.verifies(key, BODY)).isTrue();
    }

    @Test
    void shouldNotVerifyAnotherTimestampBodyOrKey() throws Exception {
        // given a signature of t over the body
        KeyPair keys = TelnyxCallRecordingTests.generateKeyPair();
        PublicKey key = keys.getPublic();
        String timestamp = Long.toString(NOW.getEpochSecond());
        String header = TelnyxCallRecordingTests.sign(keys.getPrivate(), timestamp, BODY);
        byte[] otherBody = BODY.clone();
        otherBody[otherBody.length - 2] = ' ';

        // when / then
        assertThat(TelnyxSignature.parse(header, Long.toString(NOW.getEpochSecond() + 1)).verifies(key, BODY))
                .isFalse();
        assertThat(TelnyxSignature.parse(header, timestamp).verifies(key, otherBody)).isFalse();
        assertThat(TelnyxSignature.parse(header, timestamp)
                .verifies(TelnyxCallRecordingTests.generateKeyPair().getPublic(), BODY)).isFalse();
        // the message is "<t>|<body>", not "<t><body>" nor "<t>.<body>"
        for (String separator : new String[] {"", "."}) {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update((timestamp + separator).getBytes(StandardCharsets.US_ASCII));
            signer.update(BODY);
            String other = Base64.getEncoder().encodeToString(signer.sign());
            assertThat(TelnyxSignature.parse(other, timestamp).verifies(key, BODY)).as(separator).isFalse();
        }
    }

    @Test
    void shouldNotVerifyASignatureOfAnotherLength() {
        // given
        KeyPair keys = TelnyxCallRecordingTests.generateKeyPair();
        String timestamp = Long.toString(NOW.getEpochSecond());

        // when / then: no exception, just no match
        for (int length : new int[] {1, 32, 63, 65, 128}) {
            String header = Base64.getEncoder().encodeToString(new byte[length]);
            assertThat(TelnyxSignature.parse(header, timestamp).verifies(keys.getPublic(), BODY))
                    .as("%d bytes", length).isFalse();
        }
    }

    @Test
    void shouldRejectMissingOrMalformedHeaders() {
        // given
        String signature = Base64.getEncoder().encodeToString(new byte[64]);
        String[][] headers = {
                {null, "1795252595"}, {signature, null}, {"", "1795252595"}, {signature, " "},
                {signature, "-1795252595"}, {signature, "1795252595.5"}, {signature, "0x6b"},
                {signature, "9".repeat(19)}, {"not base64!", "1795252595"}};

        // when / then
        for (String[] pair : headers) {
            assertThatThrownBy(() -> TelnyxSignature.parse(pair[0], pair[1]))
                    .as("%s / %s", pair[0], pair[1])
                    .isInstanceOf(UnauthenticatedWebhookException.class);
        }
    }

    @Test
    void shouldAcceptTimestampsWithinFiveMinutesEitherWay() {
        // given
        Duration tolerance = Duration.ofMinutes(5);

        // when / then: the edges pass
        assertThatNoException().isThrownBy(() -> at(NOW).checkTimestamp(NOW));
        assertThatNoException().isThrownBy(() -> at(NOW.minus(tolerance)).checkTimestamp(NOW));
        assertThatNoException().isThrownBy(() -> at(NOW.plus(tolerance)).checkTimestamp(NOW));
    }

    @Test
    void shouldRejectAStaleTimestamp() {
        // when / then
        assertThatThrownBy(() -> at(NOW.minus(TelnyxSignature.TOLERANCE).minusSeconds(1)).checkTimestamp(NOW))
                .isInstanceOf(UnauthenticatedWebhookException.class)
                .hasMessageContaining("old");
        assertThatThrownBy(() -> at(Instant.EPOCH).checkTimestamp(NOW))
                .isInstanceOf(UnauthenticatedWebhookException.class);
    }

    @Test
    void shouldRejectAFutureTimestamp() {
        // when / then
        assertThatThrownBy(() -> at(NOW.plus(TelnyxSignature.TOLERANCE).plusSeconds(1)).checkTimestamp(NOW))
                .isInstanceOf(UnauthenticatedWebhookException.class)
                .hasMessageContaining("future");
        assertThatThrownBy(() -> TelnyxSignature.parse("AA==", "9".repeat(18)).checkTimestamp(NOW))
                .isInstanceOf(UnauthenticatedWebhookException.class);
    }

    @Test
    void shouldNotShowTheSignatureInToString() throws Exception {
        // given
        KeyPair keys = TelnyxCallRecordingTests.generateKeyPair();
        String header = TelnyxCallRecordingTests.sign(keys.getPrivate(), "1795252595", BODY);

        // when / then
        assertThat(TelnyxSignature.parse(header, "1795252595").toString()).doesNotContain(header);
    }

    private static TelnyxSignature at(Instant timestamp) {
        return TelnyxSignature.parse("AA==", Long.toString(timestamp.getEpochSecond()));
    }
}
