package dev.callvault.storage.lifecycle;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Retention per tenant, {@code callvault.retention.<tenantId>.days} (contract key, docs/architecture.md
 * "Configuration"). A tenant without an entry keeps its recordings forever.
 *
 * @param retention tenant id → its retention, in tenant order
 */
@Validated
@ConfigurationProperties("callvault")
public record RetentionPolicies(Map<String, @Valid TenantRetention> retention) {

    /** Copies the map in tenant order; none configured means an empty map. */
    public RetentionPolicies {
        retention = retention == null ? Map.of() : new TreeMap<>(retention);
    }

    /**
     * One tenant's retention.
     *
     * @param days how long a recording is kept, in days counted from the call's end (1–36500)
     */
    public record TenantRetention(@NotNull @Min(1) @Max(36_500) Integer days) {
    }
}
