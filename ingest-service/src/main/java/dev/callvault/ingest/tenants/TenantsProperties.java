package dev.callvault.ingest.tenants;

import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The tenants of the contract's configuration: {@code callvault.tenants.<id>.twilio.*}, {@code .elevenlabs.*} and
 * {@code .vapi.*} ({@code shared/design/ARCHITECTURE.md}, "Configuration").
 *
 * <p>Every provider block is optional, and so is every field in it: other services read the same keys and need only
 * some of them (the fetch worker needs the ElevenLabs API key, the ingest needs the webhook secret). A provider whose
 * fields the ingest needs are missing counts as "not configured" for that tenant and its webhooks answer 404.
 *
 * @param tenants tenants by id (the id is the path segment of the webhook URLs); empty when none is configured
 */
@Validated
@ConfigurationProperties("callvault")
public record TenantsProperties(Map<String, @Valid Tenant> tenants) {

    /** Binds with an empty, unmodifiable map when no tenant is configured. */
    public TenantsProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /**
     * One tenant's provider accounts.
     *
     * @param twilio     Twilio account, or {@code null}
     * @param elevenlabs ElevenLabs workspace, or {@code null}
     * @param vapi       Vapi account, or {@code null} (accepted so that shared configuration binds; no Vapi endpoint
     *                   is served yet)
     */
    public record Tenant(@Valid Twilio twilio, @Valid ElevenLabs elevenlabs, @Valid Vapi vapi) {
    }

    /**
     * A Twilio account.
     *
     * @param accountSid the account SID ({@code AC...}); callbacks must carry it as {@code AccountSid}
     * @param authToken  the auth token that signs the account's webhooks ({@code X-Twilio-Signature})
     */
    public record Twilio(String accountSid, String authToken) {

        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=" + Secrets.mask(authToken) + "]";
        }
    }

    /**
     * An ElevenLabs workspace.
     *
     * @param apiKey        the API key (used by the fetch worker, not by the ingest)
     * @param webhookSecret the HMAC secret of the post-call webhooks ({@code ElevenLabs-Signature})
     */
    public record ElevenLabs(String apiKey, String webhookSecret) {

        @Override
        public String toString() {
            return "ElevenLabs[apiKey=" + Secrets.mask(apiKey) + ", webhookSecret=" + Secrets.mask(webhookSecret) + "]";
        }
    }

    /**
     * A Vapi account.
     *
     * @param apiKey        the API key
     * @param webhookSecret the end-of-call webhook secret
     */
    public record Vapi(String apiKey, String webhookSecret) {

        @Override
        public String toString() {
            return "Vapi[apiKey=" + Secrets.mask(apiKey) + ", webhookSecret=" + Secrets.mask(webhookSecret) + "]";
        }
    }

    private static final class Secrets {

        private Secrets() {
        }

        static String mask(String secret) {
            return secret == null || secret.isBlank() ? "<unset>" : "<set>";
        }
    }
}
