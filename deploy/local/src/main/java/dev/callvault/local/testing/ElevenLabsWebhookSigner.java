package dev.callvault.local.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs ElevenLabs post-call webhooks the way ElevenLabs does, to play the provider in tests and in the simulator.
 *
 * <p>Header {@code ElevenLabs-Signature: t=<unix seconds>,v0=<hex HMAC-SHA256 of "<t>.<raw body>">} (ElevenLabs docs,
 * "Post-call webhooks", https://elevenlabs.io/docs/conversational-ai/workflows/post-call-webhooks).
 */
public final class ElevenLabsWebhookSigner {

    private ElevenLabsWebhookSigner() {
    }

    /**
     * Computes the {@code ElevenLabs-Signature} header value.
     *
     * @param secret           the webhook secret
     * @param timestampSeconds Unix time in seconds
     * @param body             the raw request body
     * @return {@code t=<timestamp>,v0=<hex>}
     */
    public static String header(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "t=" + timestampSeconds + ",v0=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
