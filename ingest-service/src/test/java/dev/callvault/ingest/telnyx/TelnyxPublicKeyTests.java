package dev.callvault.ingest.telnyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The accepted forms of {@code callvault.tenants.<id>.telnyx.public-key} and the RFC 8032 §5.1.3 decoding. */
class TelnyxPublicKeyTests {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    @Test
    void shouldDecodeTheRawKeyToTheSamePointAsTheJdk() throws Exception {
        // given generated keys, whose x parities differ between runs
        for (int i = 0; i < 16; i++) {
            KeyPair keys = TelnyxCallRecordingTests.generateKeyPair();
            byte[] raw = TelnyxCallRecordingTests.rawPublicKey(keys);

            // when decoded from the raw 32 bytes (little-endian y, x parity in the top bit)
            PublicKey decoded = TelnyxPublicKey.decode(BASE64.encodeToString(raw));

            // then the JDK encodes the same key (the SPKI header followed by the raw bytes), and it verifies what the
            // private key signs
            assertThat(decoded.getEncoded()).isEqualTo(keys.getPublic().getEncoded());
            assertThat(Arrays.copyOf(decoded.getEncoded(), 12)).isEqualTo(TelnyxPublicKey.SPKI_HEADER);
            byte[] message = ("1795252595|{\"n\":" + i + "}").getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(message);
            assertThat(TelnyxSignature.verifies(decoded, signer.sign(), message)).isTrue();
        }
    }

    @Test
    void shouldAcceptTheSubjectPublicKeyInfoForm() {
        // given the 44-byte DER that openssl pkey -pubout -outform DER writes
        KeyPair keys = TelnyxCallRecordingTests.generateKeyPair();

        // when
        PublicKey decoded = TelnyxPublicKey.decode(BASE64.encodeToString(keys.getPublic().getEncoded()));

        // then
        assertThat(keys.getPublic().getEncoded()).hasSize(44);
        assertThat(decoded.getEncoded()).isEqualTo(keys.getPublic().getEncoded());
    }

    @Test
    void shouldAcceptSurroundingWhitespaceAndMissingPadding() {
        // given
        KeyPair keys = TelnyxCallRecordingTests.generateKeyPair();
        String base64 = BASE64.encodeToString(TelnyxCallRecordingTests.rawPublicKey(keys));

        // when
        PublicKey decoded = TelnyxPublicKey.decode("  " + base64.replace("=", "") + "\n");

        // then
        assertThat(decoded.getEncoded()).isEqualTo(keys.getPublic().getEncoded());
    }

    @Test
    void shouldRejectWhatIsNotAnEd25519PublicKey() {
        // given
        byte[] rawOfTest2 = HexFormat.of().parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        byte[] otherHeader = new byte[44];
        System.arraycopy(rawOfTest2, 0, otherHeader, 12, 32);
        byte[] yTooLarge = new byte[32];
        Arrays.fill(yTooLarge, (byte) 0xff);
        yTooLarge[31] = 0x7f;
        byte[] notOnTheCurve = new byte[32];
        notOnTheCurve[0] = 2;
        byte[] zeroXOdd = new byte[32];
        zeroXOdd[0] = 1;
        zeroXOdd[31] = (byte) 0x80;

        // when / then
        for (String candidate : new String[] {"not base64!", BASE64.encodeToString(Arrays.copyOf(rawOfTest2, 31)),
                BASE64.encodeToString(Arrays.copyOf(rawOfTest2, 33)), BASE64.encodeToString(otherHeader),
                BASE64.encodeToString(yTooLarge), BASE64.encodeToString(notOnTheCurve),
                BASE64.encodeToString(zeroXOdd)}) {
            assertThatThrownBy(() -> TelnyxPublicKey.decode(candidate))
                    .as(candidate)
                    .isInstanceOf(IllegalArgumentException.class)
                    .message().doesNotContain(candidate);
        }
    }
}
