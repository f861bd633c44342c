package dev.callvault.local.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Twilio webhook requests the way Twilio does, to play the provider in tests and in the local simulator.
 *
 * <p>Algorithm (Twilio docs, "Webhooks security", https://www.twilio.com/docs/usage/webhooks/webhooks-security): take
 * the full URL, append each POST parameter's name and value sorted by name, HMAC-SHA1 with the account's auth token,
 * Base64. CallVault itself validates with {@code com.twilio.security.RequestValidator}, never with this class.
 */
public final class TwilioWebhookSigner {

    private TwilioWebhookSigner() {
    }

    /**
     * Computes {@code X-Twilio-Signature}.
     *
     * @param authToken the account's auth token
     * @param url       the full URL Twilio calls, with query string if any
     * @param params    the form parameters
     * @return the Base64 signature
     */
    public static String signature(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
