package dev.callvault.dashboard.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TreeSet;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;

/**
 * The local stack's tokens: for the user signed in at {@code /dev-login}, an HS256 JWT (RFC 7519, RFC 7518 section
 * 3.2) with the contract's claims {@code sub}, {@code tenant_id}, space-separated {@code scope}, {@code iat} and
 * {@code exp} five minutes ahead, signed with the secret the services verify. Minted per call: an HMAC costs
 * microseconds, and no token outlives the call by more than its five minutes.
 */
final class DevTokens implements BackendTokens {

    /** Lifetime of each token. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final MACSigner signer;
    private final Clock clock;

    /**
     * @param secret the HS256 secret, at least 32 bytes
     * @param clock  the time of {@code iat} and {@code exp}
     * @throws IllegalStateException if the secret is missing or shorter than 32 bytes
     */
    DevTokens(String secret, Clock clock) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("callvault.dashboard.dev-login needs callvault.security.jwt.hmac-secret"
                    + " (at least 32 bytes), the secret the services verify");
        }
        try {
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with callvault.security.jwt.hmac-secret", e);
        }
        this.clock = clock;
    }

    @Override
    public DashboardUser user(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof DashboardUser user) {
            return user;
        }
        throw new InsufficientAuthenticationException("not signed in at /dev-login");
    }

    @Override
    public String bearer(Authentication authentication) {
        DashboardUser user = user(authentication);
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user.subject())
                .claim("tenant_id", user.tenantId())
                .claim("scope", String.join(" ", new TreeSet<>(user.scopes())))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a dashboard token", e);
        }
        return jwt.serialize();
    }
}
