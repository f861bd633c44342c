package dev.callvault.local.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs Telnyx webhooks the way Telnyx does, to play the provider in the demo and the tests.
 *
 * <p>Headers {@code telnyx-timestamp: <unix seconds>} and {@code telnyx-signature-ed25519: <base64 Ed25519 signature
 * of "<timestamp>|<raw body>">} (Telnyx documentation, "Webhook signing",
 * https://developers.telnyx.com/docs/messaging/messages/receiving-webhooks; Ed25519 per RFC 8032).
 */
public final class TelnyxWebhookSigner {

    /** The header of the signature. */
    public static final String SIGNATURE_HEADER = "telnyx-signature-ed25519";
    /** The header of the timestamp. */
    public static final String TIMESTAMP_HEADER = "telnyx-timestamp";

    private TelnyxWebhookSigner() {
    }

    /**
     * Computes the {@code telnyx-signature-ed25519} header value.
     *
     * @param privateKeyPkcs8  base64 of the PKCS #8 DER Ed25519 private key (e.g. the local stack's
     *                         {@code LocalDefaults.TELNYX_PRIVATE_KEY})
     * @param timestampSeconds Unix time in seconds, sent as {@code telnyx-timestamp}
     * @param body             the raw request body
     * @return base64 of the 64-byte signature
     * @throws IllegalArgumentException if the key is not a PKCS #8 Ed25519 key
     */
    public static String signature(String privateKeyPkcs8, long timestampSeconds, byte[] body) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyPkcs8)));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update((timestampSeconds + "|").getBytes(StandardCharsets.UTF_8));
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 PKCS #8 Ed25519 private key", e);
        }
    }
}
