package dev.callvault.ingest.twilio;

import com.twilio.security.RequestValidator;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Twilio-Signature} with Twilio's own {@link RequestValidator} (twilio-java): HMAC-SHA1 over the
 * full public URL followed by every POST parameter's name and value sorted by name, keyed with the account's auth
 * token, Base64, compared in constant time; the URL is tried with and without its default port (Twilio docs,
 * "Webhooks security", https://www.twilio.com/docs/usage/webhooks/webhooks-security).
 */
@Component
public class TwilioSignatureVerifier {

    /**
     * @param authToken the account's auth token
     * @param url       the URL Twilio called, exactly as configured there, with its query string if any
     * @param params    the POST parameters only (never query parameters), decoded
     * @param signature the {@code X-Twilio-Signature} header
     * @return whether the signature matches; {@code false} for a missing signature or an unusable URL
     */
    public boolean isValid(String authToken, String url, Map<String, String> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        try {
            return new RequestValidator(authToken).validate(url, params, signature);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
