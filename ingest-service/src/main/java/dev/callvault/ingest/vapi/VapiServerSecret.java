package dev.callvault.ingest.vapi;

import dev.callvault.ingest.webhook.UnauthenticatedWebhookException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Authenticates a Vapi server message by the tenant's webhook secret, which Vapi sends either as a bearer token
 * ({@code Authorization: Bearer <secret>}, a Bearer Token custom credential on the server URL) or in the legacy
 * {@code X-Vapi-Secret} header (the server URL's {@code secret}) (Vapi docs, "Server authentication",
 * https://docs.vapi.ai/server-url/server-authentication). Either header may carry it; the message is authenticated
 * when one presented value equals the secret. Values are compared with {@link MessageDigest#isEqual}, whose time
 * depends only on the length of the presented value, never on the position of the first difference.
 */
final class VapiServerSecret {

    private static final String BEARER = "bearer ";

    private VapiServerSecret() {
    }

    /**
     * @param secret        the tenant's webhook secret, not blank
     * @param authorization the {@code Authorization} header, may be {@code null}
     * @param legacySecret  the {@code X-Vapi-Secret} header, may be {@code null}
     * @throws UnauthenticatedWebhookException if neither header carries a secret, or none that is presented matches
     */
    static void check(String secret, String authorization, String legacySecret) {
        String bearer = authorization != null && authorization.length() > BEARER.length()
                && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)
                ? authorization.substring(BEARER.length()).trim() : null;
        if (isBlank(bearer) && isBlank(legacySecret)) {
            throw new UnauthenticatedWebhookException(
                    "Neither an Authorization: Bearer header nor an X-Vapi-Secret header is present.");
        }
        byte[] expected = secret.getBytes(StandardCharsets.UTF_8);
        if (!matches(bearer, expected) && !matches(legacySecret, expected)) {
            throw new UnauthenticatedWebhookException("The presented Vapi secret is not the tenant's.");
        }
    }

    private static boolean matches(String presented, byte[] expected) {
        return !isBlank(presented) && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
