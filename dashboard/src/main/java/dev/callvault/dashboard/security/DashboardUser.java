package dev.callvault.dashboard.security;

import java.io.Serializable;
import java.util.Set;

/**
 * Who is signed in, as the services see the user's token: {@code tenant_id}, {@code sub} and the scopes
 * ({@code recordings:read}, {@code recordings:write}, {@code recordings:admin}, {@code audit:read}).
 *
 * @param tenantId the tenant whose recordings the user sees
 * @param subject  the user
 * @param scopes   what the user may do
 */
public record DashboardUser(String tenantId, String subject, Set<String> scopes) implements Serializable {

    /** Scopes a dashboard user can hold (docs/architecture.md, "HTTP interfaces"). */
    public static final Set<String> KNOWN_SCOPES = Set.of("recordings:read", "recordings:write", "recordings:admin",
            "audit:read");

    /** @throws IllegalArgumentException if the tenant or subject is blank */
    public DashboardUser {
        if (tenantId == null || tenantId.isBlank() || subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a dashboard user needs a tenant and a subject");
        }
        scopes = Set.copyOf(scopes);
    }
}
