package dev.callvault.ingest.telnyx;

import dev.callvault.ingest.webhook.UnauthenticatedWebhookException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The signature headers of a Telnyx webhook (Telnyx docs, "Receiving webhooks",
 * https://developers.telnyx.com/development/api-fundamentals/webhooks/receiving-webhooks, and the
 * {@code call.recording.saved} reference, https://developers.telnyx.com/api-reference/callbacks/call-recording-saved):
 * {@code telnyx-timestamp} is the Unix time of sending, in seconds; {@code telnyx-signature-ed25519} is the base64
 * Ed25519 signature (RFC 8032, 64 bytes) of the bytes {@code "<telnyx-timestamp>|<raw body>"}, made with the
 * account's private key. The timestamp is signed as the header's text, so it is used exactly as received.
 */
final class TelnyxSignature {

    /** The header of the signature. */
    static final String SIGNATURE_HEADER = "telnyx-signature-ed25519";
    /** The header of the signed Unix time. */
    static final String TIMESTAMP_HEADER = "telnyx-timestamp";
    /** How far the signed time may lie from now, either way (Telnyx's SDKs use 300 seconds). */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,18}");
    private static final byte[] SEPARATOR = {'|'};

    private final String timestamp;
    private final long epochSecond;
    private final byte[] signature;

    private TelnyxSignature(String timestamp, long epochSecond, byte[] signature) {
        this.timestamp = timestamp;
        this.epochSecond = epochSecond;
        this.signature = signature;
    }

    /**
     * Parses the headers.
     *
     * @param signatureHeader {@code telnyx-signature-ed25519}, may be {@code null}
     * @param timestampHeader {@code telnyx-timestamp}, may be {@code null}
     * @return the signed time and the signature
     * @throws UnauthenticatedWebhookException if a header is missing, the timestamp is not 1 to 18 decimal digits, or
     *                                         the signature is not base64
     */
    static TelnyxSignature parse(String signatureHeader, String timestampHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new UnauthenticatedWebhookException("The " + SIGNATURE_HEADER + " header is missing.");
        }
        if (timestampHeader == null || timestampHeader.isBlank()) {
            throw new UnauthenticatedWebhookException("The " + TIMESTAMP_HEADER + " header is missing.");
        }
        if (!UNIX_SECONDS.matcher(timestampHeader).matches()) {
            throw new UnauthenticatedWebhookException("The " + TIMESTAMP_HEADER + " header is not Unix seconds.");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureHeader.strip());
        } catch (IllegalArgumentException e) {
            throw new UnauthenticatedWebhookException("The " + SIGNATURE_HEADER + " header is not base64.");
        }
        return new TelnyxSignature(timestampHeader, Long.parseLong(timestampHeader), signature);
    }

    /** @return the signed Unix time, seconds */
    long epochSecond() {
        return epochSecond;
    }

    /**
     * Refuses a signed time more than {@link #TOLERANCE} before or after now, which bounds replays of captured
     * webhooks. The edges pass.
     *
     * @param now the current time (the injected clock)
     * @throws UnauthenticatedWebhookException if the signed time is stale or in the future
     */
    void checkTimestamp(Instant now) {
        long nowSeconds = now.getEpochSecond();
        if (epochSecond < nowSeconds - TOLERANCE.toSeconds()) {
            throw new UnauthenticatedWebhookException("The " + TIMESTAMP_HEADER + " is more than "
                    + TOLERANCE.toMinutes() + " minutes old.");
        }
        if (epochSecond > nowSeconds + TOLERANCE.toSeconds()) {
            throw new UnauthenticatedWebhookException("The " + TIMESTAMP_HEADER + " is more than "
                    + TOLERANCE.toMinutes() + " minutes in the future.");
        }
    }

    /**
     * @param key  the account's public key
     * @param body the raw body, exactly as received
     * @return whether the signature is the key's over {@code "<timestamp>|<body>"}
     */
    boolean verifies(PublicKey key, byte[] body) {
        return verifies(key, signature, timestamp.getBytes(StandardCharsets.US_ASCII), SEPARATOR, body);
    }

    /**
     * Ed25519 verification (RFC 8032 §5.1.7) with the JDK's {@code Signature.getInstance("Ed25519")}.
     *
     * @param key       an Ed25519 public key
     * @param signature the presented signature; another length than 64 bytes, or a malformed one, does not verify
     * @param message   the signed message, in parts that are concatenated
     * @return whether the signature verifies
     * @throws IllegalStateException if the JDK has no Ed25519 (never on JDK 15 or later)
     */
    static boolean verifies(PublicKey key, byte[] signature, byte[]... message) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            for (byte[] part : message) {
                verifier.update(part);
            }
            return verifier.verify(signature);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "TelnyxSignature[t=" + timestamp + "]";
    }
}
