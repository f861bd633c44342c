package dev.callvault.ingest.tenants;

import dev.callvault.ingest.webhook.UnknownTenantException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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

    private final Map<String, TenantsProperties.Tenant> tenants;

    /**
     * @param properties the configured tenants
     */
    public TenantDirectory(TenantsProperties properties) {
        this.tenants = properties.tenants();
        tenants.forEach((id, tenant) -> log.info("Tenant {}: twilio={}, elevenlabs={}", id,
                twilioAccount(tenant).isPresent() ? "configured" : "none",
                elevenLabsAccount(tenant).isPresent() ? "configured" : "none"));
    }

    /**
     * A tenant's Twilio account.
     *
     * @param tenantId the tenant id from the webhook path
     * @return the account SID and auth token, both non-blank
     * @throws UnknownTenantException if the tenant is unknown or has no complete Twilio credentials
     */
    public TwilioAccount twilio(String tenantId) {
        return find(tenantId, TenantDirectory::twilioAccount, "Twilio");
    }

    /**
     * A tenant's ElevenLabs webhook secret.
     *
     * @param tenantId the tenant id from the webhook path
     * @return the webhook secret, non-blank
     * @throws UnknownTenantException if the tenant is unknown or has no ElevenLabs webhook secret
     */
    public ElevenLabsAccount elevenLabs(String tenantId) {
        return find(tenantId, TenantDirectory::elevenLabsAccount, "ElevenLabs");
    }

    private <T> T find(String tenantId, Function<TenantsProperties.Tenant, Optional<T>> credentials, String provider) {
        TenantsProperties.Tenant tenant = tenantId == null ? null : tenants.get(tenantId);
        if (tenant == null) {
            throw new UnknownTenantException("No tenant '" + tenantId + "' is configured.");
        }
        return credentials.apply(tenant).orElseThrow(() -> new UnknownTenantException(
                "Tenant '" + tenantId + "' has no " + provider + " webhook credentials."));
    }

    private static Optional<TwilioAccount> twilioAccount(TenantsProperties.Tenant tenant) {
        TenantsProperties.Twilio twilio = tenant.twilio();
        if (twilio == null || isBlank(twilio.accountSid()) || isBlank(twilio.authToken())) {
            return Optional.empty();
        }
        return Optional.of(new TwilioAccount(twilio.accountSid(), twilio.authToken()));
    }

    private static Optional<ElevenLabsAccount> elevenLabsAccount(TenantsProperties.Tenant tenant) {
        TenantsProperties.ElevenLabs elevenLabs = tenant.elevenlabs();
        if (elevenLabs == null || isBlank(elevenLabs.webhookSecret())) {
            return Optional.empty();
        }
        return Optional.of(new ElevenLabsAccount(elevenLabs.webhookSecret()));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
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
}
