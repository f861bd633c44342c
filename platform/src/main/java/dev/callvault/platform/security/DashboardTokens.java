package dev.callvault.platform.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verification of dashboard tokens (RFC 7519), shared by every service's resource server.
 *
 * <ul>
 *   <li>Algorithm pinned: with {@code callvault.security.jwt.hmac-secret} only HS256 with that secret (RFC 7518
 *       section 3.2) is accepted; {@code alg=none} (RFC 7519 section 6), another algorithm or another key fails the
 *       signature check. With an issuer URI, Spring Boot's decoder accepts only the issuer's published keys.</li>
 *   <li>{@code exp} is required (RFC 7519 section 4.1.4 makes it optional; a dashboard token without it would be
 *       valid forever), and {@code exp}/{@code nbf} are checked with 60 seconds of clock skew.</li>
 *   <li>Lifetime at most {@code callvault.security.jwt.max-lifetime} (default 12 hours), measured as
 *       {@code exp - now}: a token is never good for longer than that from any moment, with or without {@code iat}
 *       (Spring Security fills a missing {@code iat} in as {@code exp - 1 s}, so {@code exp - iat} would prove
 *       nothing).</li>
 *   <li>{@code iss} equals {@code callvault.security.jwt.issuer} and {@code aud} contains
 *       {@code callvault.security.jwt.audience}, each when configured.</li>
 *   <li>{@code sub} and {@code tenant_id} present ({@link DashboardClaims#validator()}).</li>
 * </ul>
 * A refused token answers 401 {@code invalid_token} (RFC 6750 section 3.1) through Spring Security.
 */
public final class DashboardTokens {

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private DashboardTokens() {
    }

    /**
     * @param properties the secret (at least 32 bytes) and the claim rules
     * @param clock      the time tokens are checked against
     * @return a decoder of HS256 tokens signed with the secret, validated by {@link #validator}
     */
    public static JwtDecoder hmacDecoder(JwtProperties properties, Clock clock) {
        SecretKeySpec key = new SecretKeySpec(properties.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(validator(properties, clock));
        return decoder;
    }

    /**
     * @param properties the claim rules
     * @param clock      the time tokens are checked against
     * @return every check of the class comment but the signature's
     */
    public static OAuth2TokenValidator<Jwt> validator(JwtProperties properties, Clock clock) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(clock);
        validators.add(timestamps);
        validators.add(lifetime(properties.maxLifetime(), clock));
        if (!isBlank(properties.issuer())) {
            validators.add(new JwtIssuerValidator(properties.issuer()));
        }
        if (!isBlank(properties.audience())) {
            validators.add(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(properties.audience())
                    ? OAuth2TokenValidatorResult.success()
                    : failure("the token's aud must contain " + properties.audience()));
        }
        validators.add(DashboardClaims.validator());
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static OAuth2TokenValidator<Jwt> lifetime(Duration maxLifetime, Clock clock) {
        return jwt -> {
            Instant expiresAt = jwt.getExpiresAt();
            if (expiresAt == null) {
                return failure("the token must carry the claim " + JwtClaimNames.EXP);
            }
            if (Duration.between(clock.instant(), expiresAt).compareTo(maxLifetime.plus(CLOCK_SKEW)) > 0) {
                return failure("the token's lifetime exceeds " + maxLifetime.toMinutes() + " minutes");
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
