package dev.callvault.ingest.tenants;

import dev.callvault.ingest.webhook.UnknownTenantException;
import dev.callvault.platform.tenants.TenantsProperties;
import dev.callvault.platform.tenants.TenantsProperties.Tenant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Resolves the tenant of a webhook URL to the credentials its provider signs with.
 *
 * <p>An unknown tenant and a tenant without usable credentials for the provider are answered alike (404), so that a
 * caller cannot probe which tenants exist or which providers they use.
 */
@Component
public class TenantDirectory {

    private static final Logger log = LoggerFactory.getLogger(TenantDirectory.class);

    private final TenantsProperties tenants;

    /**
     * @param tenants the configured tenants ({@code callvault.tenants.*})
     */
    public TenantDirectory(TenantsProperties tenants) {
        this.tenants = tenants;
        tenants.tenants().keySet().forEach(id -> log.info("Tenant {}: twilio={}, elevenlabs={}, vapi={}", id,
                tenants.twilio(id).isPresent() ? "configured" : "none",
                tenants.elevenLabsWebhookSecret(id).isPresent() ? "configured" : "none",
                vapiWebhookSecret(id).isPresent() ? "configured" : "none"));
    }

    /**
     * A tenant's Twilio account.
     *
     * @param tenantId the tenant id from the webhook path
     * @return the account SID and auth token, both non-blank
     * @throws UnknownTenantException if the tenant is unknown or has no complete Twilio credentials
     */
    public TwilioAccount twilio(String tenantId) {
        return find(tenantId, tenants.twilio(tenantId)
                .map(twilio -> new TwilioAccount(twilio.accountSid(), twilio.authToken())), "Twilio");
    }

    /**
     * A tenant's ElevenLabs webhook secret.
     *
     * @param tenantId the tenant id from the webhook path
     * @return the webhook secret, non-blank
     * @throws UnknownTenantException if the tenant is unknown or has no ElevenLabs webhook secret
     */
    public ElevenLabsAccount elevenLabs(String tenantId) {
        return find(tenantId, tenants.elevenLabsWebhookSecret(tenantId).map(ElevenLabsAccount::new), "ElevenLabs");
    }

    /**
     * A tenant's Vapi server URL secret ({@code callvault.tenants.<id>.vapi.webhook-secret}).
     *
     * @param tenantId the tenant id from the webhook path
     * @return the webhook secret, non-blank
     * @throws UnknownTenantException if the tenant is unknown or has no Vapi webhook secret
     */
    public VapiAccount vapi(String tenantId) {
        return find(tenantId, vapiWebhookSecret(tenantId).map(VapiAccount::new), "Vapi");
    }

    private Optional<String> vapiWebhookSecret(String tenantId) {
        return tenants.tenant(tenantId).map(Tenant::vapi).map(TenantsProperties.Vapi::webhookSecret)
                .filter(secret -> !secret.isBlank());
    }

    private <T> T find(String tenantId, Optional<T> credentials, String provider) {
        if (tenants.tenant(tenantId).isEmpty()) {
            throw new UnknownTenantException("No tenant '" + tenantId + "' is configured.");
        }
        return credentials.orElseThrow(() -> new UnknownTenantException(
                "Tenant '" + tenantId + "' has no " + provider + " webhook credentials."));
    }

    /**
     * A tenant's Twilio account as the ingest needs it.
     *
     * @param accountSid the account SID callbacks must name
     * @param authToken  the auth token that signs callbacks; never logged
     */
    public record TwilioAccount(String accountSid, String authToken) {

        @Override
        public String toString() {
            return "TwilioAccount[accountSid=" + accountSid + "]";
        }
    }

    /**
     * A tenant's ElevenLabs workspace as the ingest needs it.
     *
     * @param webhookSecret the HMAC-SHA256 key of post-call webhooks; never logged
     */
    public record ElevenLabsAccount(String webhookSecret) {

        @Override
        public String toString() {
            return "ElevenLabsAccount[webhookSecret=<set>]";
        }
    }

    /**
     * A tenant's Vapi account as the ingest needs it.
     *
     * @param webhookSecret the secret Vapi presents as {@code Authorization: Bearer} or {@code X-Vapi-Secret}; never
     *                      logged
     */
    public record VapiAccount(String webhookSecret) {

        @Override
        public String toString() {
            return "VapiAccount[webhookSecret=<set>]";
        }
    }
}
