package dev.callvault.local.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Dashboard tokens for development and tests: HS256 JWTs (RFC 7519) with the claims of the contract, {@code sub},
 * {@code tenant_id} and a space-separated {@code scope}.
 */
public final class DevJwts {

    /** The local stack's HS256 secret (docs/architecture.md, "Local defaults"). */
    public static final String LOCAL_SECRET = "local-dev-jwt-secret-change-me-0123456789";

    private DevJwts() {
    }

    /**
     * Issues a token valid for one hour.
     *
     * @param secret   HS256 secret, at least 32 bytes
     * @param subject  {@code sub}
     * @param tenantId {@code tenant_id}
     * @param scopes   e.g. {@code recordings:read}
     * @return the compact serialization
     */
    public static String issue(String secret, String subject, String tenantId, String... scopes) {
        return issue(secret, subject, tenantId, Duration.ofHours(1), scopes);
    }

    /**
     * Issues a token.
     *
     * @param secret   HS256 secret, at least 32 bytes
     * @param subject  {@code sub}
     * @param tenantId {@code tenant_id}
     * @param validity lifetime from now; negative for an already expired token
     * @param scopes   e.g. {@code recordings:read}
     * @return the compact serialization
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public static String issue(String secret, String subject, String tenantId, Duration validity, String... scopes) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(validity);
        // An already expired token was issued before it expired, so that only the expiry makes it invalid.
        Instant issuedAt = validity.isNegative() ? expiresAt.minus(Duration.ofHours(1)) : now;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("tenant_id", tenantId)
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with that secret", e);
        }
        return jwt.serialize();
    }
}
