package dev.callvault.platform.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claims of a dashboard token ({@code docs/architecture.md}, "HTTP interfaces"): {@code sub}, {@code tenant_id}
 * and a space-separated {@code scope} (read by Spring Security's default converter into {@code SCOPE_*} authorities).
 */
public final class DashboardClaims {

    /** Claim naming the caller's tenant. */
    public static final String TENANT_ID = "tenant_id";

    private DashboardClaims() {
    }

    /**
     * Returns the caller's tenant.
     *
     * @param jwt a token that passed {@link #validator()}
     * @return its {@code tenant_id}
     * @throws IllegalStateException if the claim is missing (the validator refuses such tokens first)
     */
    public static String tenantId(Jwt jwt) {
        String tenantId = jwt.getClaimAsString(TENANT_ID);
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalStateException("token without " + TENANT_ID + " passed validation");
        }
        return tenantId;
    }

    /**
     * A validator that refuses tokens without a non-blank {@code sub} or {@code tenant_id}: such a token
     * authenticates nobody, so it answers 401 ({@code invalid_token}, RFC 6750 section 3.1).
     *
     * @return the validator
     */
    public static OAuth2TokenValidator<Jwt> validator() {
        return jwt -> {
            if (isBlank(jwt.getSubject()) || isBlank(jwt.getClaimAsString(TENANT_ID))) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                        "the token must carry the claims sub and " + TENANT_ID, null));
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
