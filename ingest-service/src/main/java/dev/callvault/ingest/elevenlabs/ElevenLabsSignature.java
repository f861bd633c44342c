package dev.callvault.ingest.elevenlabs;

import dev.callvault.ingest.webhook.UnauthenticatedWebhookException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code ElevenLabs-Signature} header of a post-call webhook: {@code t=<unix seconds>,v0=<hex>}, where the hex is
 * the HMAC-SHA256 of {@code "<t>.<raw body>"} keyed with the webhook secret (UTF-8 bytes) (ElevenLabs docs, "Post-call
 * webhooks", authentication: https://elevenlabs.io/docs/eleven-agents/workflows/post-call-webhooks). Several
 * {@code v0} entries are accepted (any may match), which allows secret rotation on the sender's side.
 *
 * @param timestamp  the signed Unix time
 * @param signatures the {@code v0} values, decoded
 */
public record ElevenLabsSignature(long timestamp, List<byte[]> signatures) {

    private static final String HMAC = "HmacSHA256";

    /**
     * Parses the header.
     *
     * @param header the header value, may be {@code null}
     * @return the timestamp and signatures
     * @throws UnauthenticatedWebhookException if the header is missing, has no {@code t} or no {@code v0}, or a value
     *                                         does not parse
     */
    public static ElevenLabsSignature parse(String header) {
        if (header == null || header.isBlank()) {
            throw new UnauthenticatedWebhookException("The ElevenLabs-Signature header is missing.");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String name = part.substring(0, equals).trim();
            String value = part.substring(equals + 1).trim();
            try {
                if (name.equals("t")) {
                    timestamp = Long.parseLong(value);
                } else if (name.equals("v0")) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException e) {
                throw new UnauthenticatedWebhookException("The ElevenLabs-Signature header is malformed.");
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new UnauthenticatedWebhookException("The ElevenLabs-Signature header needs t=<unix> and v0=<hex>.");
        }
        return new ElevenLabsSignature(timestamp, List.copyOf(signatures));
    }

    /**
     * Refuses stale and future timestamps, which bounds replays of captured webhooks.
     *
     * @param now             the current time
     * @param maxAge          oldest accepted age (30 minutes by ElevenLabs' recommendation)
     * @param maxFutureSkew   how far ahead of {@code now} the timestamp may be (clock skew)
     * @throws UnauthenticatedWebhookException if the timestamp is older than {@code maxAge} or further ahead than
     *                                         {@code maxFutureSkew}
     */
    public void checkTimestamp(Instant now, Duration maxAge, Duration maxFutureSkew) {
        // compared as seconds: any long parses, and one beyond Instant's range must answer 401, not fail to convert
        long nowSeconds = now.getEpochSecond();
        if (timestamp < nowSeconds - maxAge.toSeconds()) {
            throw new UnauthenticatedWebhookException("The ElevenLabs-Signature timestamp is older than "
                    + maxAge.toMinutes() + " minutes.");
        }
        if (timestamp > nowSeconds + maxFutureSkew.toSeconds()) {
            throw new UnauthenticatedWebhookException("The ElevenLabs-Signature timestamp lies in the future.");
        }
    }

    /**
     * Starts the HMAC of this signature: keyed with the secret and already fed with {@code "<t>."}; the caller feeds
     * the raw body.
     *
     * @param secret the tenant's webhook secret
     * @return the MAC to update with the body
     * @throws IllegalStateException if the JVM has no HmacSHA256 (never on a standard JDK)
     */
    public Mac startMac(String secret) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Compares in constant time ({@link MessageDigest#isEqual}).
     *
     * @param computed the HMAC of {@code "<t>.<raw body>"}
     * @return whether any {@code v0} equals it
     */
    public boolean matches(byte[] computed) {
        boolean match = false;
        for (byte[] signature : signatures) {
            match |= MessageDigest.isEqual(signature, computed);
        }
        return match;
    }

    @Override
    public String toString() {
        return "ElevenLabsSignature[t=" + timestamp + "]";
    }
}
