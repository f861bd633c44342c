package dev.callvault.ingest.tenants;

/**
 * What a provider's webhook is verified with for one tenant, bound from {@code callvault.tenants.<id>.<provider>.*}
 * by {@link TenantDirectory#credentials}. Each provider package has its own record; its {@code toString()} never shows
 * a secret.
 */
public interface WebhookCredentials {

    /** @return whether every field the provider's webhook check needs is set (non-blank) */
    boolean isComplete();

    /**
     * @param value a configured value, may be {@code null}
     * @return whether it is set and not blank
     */
    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
