package dev.callvault.platform.tenants;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The tenants of the configuration and each one's provider credentials: {@code callvault.tenants.<tenantId>.<provider>.*}
 * ({@code docs/architecture.md}, "Configuration"), e.g. {@code callvault.tenants.acme.twilio.account-sid}.
 *
 * <p>Nothing here knows a provider. Each provider's code binds the block it needs into its own type
 * ({@link #of(String, String, Class)}: a record such as {@code TwilioAccount(accountSid, authToken)}), with Spring
 * Boot's relaxed binding, so {@code account-sid}, {@code accountSid} and the environment variable
 * {@code CALLVAULT_TENANTS_ACME_TWILIO_ACCOUNTSID} all bind. A service that needs only some fields (the ingest the
 * webhook secrets, the fetch worker the API keys) binds a type with only those; the others are ignored.
 *
 * <p>Tenant ids and provider names come from the configuration's keys (lower case; dashes are lost when they come from
 * environment variables, which is why a tenant id with {@code -} needs {@code SPRING_APPLICATION_JSON}). A lookup of
 * an id that is not configured never reaches the binder, so ids taken from request paths are safe to pass. Bound
 * values are cached: the configuration does not change while the service runs. {@code toString()} names the tenants
 * only, never a credential.
 */
public final class TenantCredentials {

    /** The configuration prefix of the tenants. */
    public static final String PREFIX = "callvault.tenants";

    private final Binder binder;
    private final Map<String, Set<String>> providersByTenant;
    private final ConcurrentMap<Lookup, Optional<?>> bound = new ConcurrentHashMap<>();

    /**
     * Reads the tenants and their provider blocks once.
     *
     * @param binder Spring Boot's binder over the application's configuration ({@code Binder.get(environment)})
     */
    public TenantCredentials(Binder binder) {
        this.binder = Objects.requireNonNull(binder, "binder");
        Map<String, Object> tenants = binder.bind(PREFIX, Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of());
        Map<String, Set<String>> providers = new LinkedHashMap<>();
        tenants.forEach((tenantId, block) -> providers.put(tenantId, block instanceof Map<?, ?> map
                ? Set.copyOf(map.keySet().stream().map(String::valueOf).toList()) : Set.of()));
        this.providersByTenant = Map.copyOf(providers);
    }

    /**
     * Tenants from plain properties, for tests and tools.
     *
     * @param properties full property names to values, e.g. {@code callvault.tenants.acme.twilio.auth-token}
     * @return the tenants these properties configure
     */
    public static TenantCredentials fromProperties(Map<String, String> properties) {
        return new TenantCredentials(new Binder(new MapConfigurationPropertySource(properties)));
    }

    /** @return the ids of every configured tenant, sorted */
    public Set<String> tenantIds() {
        return new TreeSet<>(providersByTenant.keySet());
    }

    /**
     * @param tenantId a tenant id, may be {@code null}
     * @return whether the tenant is configured
     */
    public boolean isConfigured(String tenantId) {
        return tenantId != null && providersByTenant.containsKey(tenantId);
    }

    /**
     * @param tenantId a tenant id
     * @return the names of the provider blocks the tenant configures (e.g. {@code twilio}), sorted; empty for an
     *         unknown tenant
     */
    public Set<String> providersOf(String tenantId) {
        return new TreeSet<>(tenantId == null ? Set.of() : providersByTenant.getOrDefault(tenantId, Set.of()));
    }

    /**
     * Binds one tenant's block of one provider.
     *
     * @param tenantId a tenant id, may be {@code null} or unknown
     * @param provider the provider's block name, lower case, e.g. {@code twilio}
     * @param type     a record or bean with the block's fields (relaxed names)
     * @param <C>      the credentials' type
     * @return the bound credentials; empty when the tenant is unknown or has no such block. Whether the fields are
     *         complete for a use is the caller's check.
     */
    public <C> Optional<C> of(String tenantId, String provider, Class<C> type) {
        if (!providersOf(tenantId).contains(provider)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Optional<C> credentials = (Optional<C>) bound.computeIfAbsent(new Lookup(tenantId, provider, type),
                lookup -> binder.bind(PREFIX + "." + tenantId + "." + provider, type).map(Optional::of)
                        .orElse(Optional.empty()));
        return credentials;
    }

    @Override
    public String toString() {
        return "TenantCredentials[tenants=" + tenantIds() + "]";
    }

    private record Lookup(String tenantId, String provider, Class<?> type) {
    }
}
