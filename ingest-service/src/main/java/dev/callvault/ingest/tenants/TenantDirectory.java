package dev.callvault.ingest.tenants;

import dev.callvault.ingest.webhook.UnknownTenantException;
import dev.callvault.platform.tenants.TenantCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Resolves the tenant of a webhook URL to the credentials its provider signs with, for any provider: each provider
 * package asks for its own block ({@code callvault.tenants.<id>.<provider>.*}) in its own {@link WebhookCredentials}
 * record.
 *
 * <p>An unknown tenant and a tenant without usable credentials for the provider are answered alike (404), so that a
 * caller cannot probe which tenants exist or which providers they use.
 */
@Component
public class TenantDirectory {

    private static final Logger log = LoggerFactory.getLogger(TenantDirectory.class);

    private final TenantCredentials tenants;

    /**
     * @param tenants the configured tenants ({@code callvault.tenants.*})
     */
    public TenantDirectory(TenantCredentials tenants) {
        this.tenants = tenants;
        tenants.tenantIds().forEach(id -> log.info("Tenant {}: providers {}", id, tenants.providersOf(id)));
    }

    /**
     * A tenant's webhook credentials for one provider.
     *
     * @param tenantId the tenant id from the webhook path
     * @param provider the provider's configuration block, e.g. {@code twilio}
     * @param type     the provider package's record of what its webhook check needs
     * @param <C>      that record's type
     * @return the credentials, complete ({@link WebhookCredentials#isComplete()})
     * @throws UnknownTenantException if the tenant is unknown or has no complete credentials for the provider
     */
    public <C extends WebhookCredentials> C credentials(String tenantId, String provider, Class<C> type) {
        if (!tenants.isConfigured(tenantId)) {
            throw new UnknownTenantException("No tenant '" + tenantId + "' is configured.");
        }
        return tenants.of(tenantId, provider, type).filter(WebhookCredentials::isComplete)
                .orElseThrow(() -> new UnknownTenantException(
                        "Tenant '" + tenantId + "' has no " + provider + " webhook credentials."));
    }
}
