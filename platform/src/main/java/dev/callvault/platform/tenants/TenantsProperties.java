package dev.callvault.platform.tenants;

import jakarta.validation.Valid;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The tenants of the contract's configuration: {@code callvault.tenants.<id>.twilio.account-sid}, {@code .auth-token},
 * {@code .elevenlabs.api-key}, {@code .webhook-secret}, {@code .vapi.api-key}, {@code .webhook-secret}
 * ({@code docs/architecture.md}, "Configuration").
 *
 * <p>Every provider block is optional, and so is every field in it: each service needs only some of them (the ingest
 * needs webhook secrets, the fetch worker API keys). The accessors answer only credentials that are complete for
 * their use. {@code toString()} never shows a secret.
 *
 * @param tenants tenants by id (the path segment of the webhook URLs); empty when none is configured
 */
@Validated
@ConfigurationProperties("callvault")
public record TenantsProperties(Map<String, @Valid Tenant> tenants) {

    /** Binds with an empty, unmodifiable map when no tenant is configured. */
    public TenantsProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /**
     * @param tenantId a tenant id
     * @return the tenant's Twilio account when both the account SID and the auth token are set
     */
    public Optional<Twilio> twilio(String tenantId) {
        return tenant(tenantId).map(Tenant::twilio)
                .filter(twilio -> hasText(twilio.accountSid()) && hasText(twilio.authToken()));
    }

    /**
     * @param tenantId a tenant id
     * @return the tenant's ElevenLabs API key ({@code xi-api-key}), when set
     */
    public Optional<String> elevenLabsApiKey(String tenantId) {
        return tenant(tenantId).map(Tenant::elevenlabs).map(ElevenLabs::apiKey).filter(TenantsProperties::hasText);
    }

    /**
     * @param tenantId a tenant id
     * @return the tenant's ElevenLabs post-call webhook secret, when set
     */
    public Optional<String> elevenLabsWebhookSecret(String tenantId) {
        return tenant(tenantId).map(Tenant::elevenlabs).map(ElevenLabs::webhookSecret)
                .filter(TenantsProperties::hasText);
    }

    /**
     * @param tenantId a tenant id, may be {@code null}
     * @return the tenant, if configured
     */
    public Optional<Tenant> tenant(String tenantId) {
        return tenantId == null ? Optional.empty() : Optional.ofNullable(tenants.get(tenantId));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "TenantsProperties[tenants=" + tenants.keySet() + "]";
    }

    /**
     * One tenant's provider accounts.
     *
     * @param twilio     Twilio account, or {@code null}
     * @param elevenlabs ElevenLabs workspace, or {@code null}
     * @param vapi       Vapi account, or {@code null}
     */
    public record Tenant(@Valid Twilio twilio, @Valid ElevenLabs elevenlabs, @Valid Vapi vapi) {
    }

    /**
     * A Twilio account.
     *
     * @param accountSid the account SID ({@code AC...}); callbacks must carry it as {@code AccountSid}
     * @param authToken  the auth token: signs the account's webhooks ({@code X-Twilio-Signature}) and is the HTTP
     *                   Basic password of the REST API
     */
    public record Twilio(String accountSid, String authToken) {

        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=" + mask(authToken) + "]";
        }
    }

    /**
     * An ElevenLabs workspace.
     *
     * @param apiKey        the API key ({@code xi-api-key}), used to fetch conversation audio
     * @param webhookSecret the HMAC secret of the post-call webhooks ({@code ElevenLabs-Signature})
     */
    public record ElevenLabs(String apiKey, String webhookSecret) {

        @Override
        public String toString() {
            return "ElevenLabs[apiKey=" + mask(apiKey) + ", webhookSecret=" + mask(webhookSecret) + "]";
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
            return "Vapi[apiKey=" + mask(apiKey) + ", webhookSecret=" + mask(webhookSecret) + "]";
        }
    }

    private static String mask(String secret) {
        return secret == null || secret.isBlank() ? "<unset>" : "<set>";
    }
}
