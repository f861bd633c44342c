package dev.callvault.platform.security;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Dashboard token verification, prefix {@code callvault.security.jwt}. Either this HS256 secret is set, or
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (then Spring Boot builds the decoder from the issuer's
 * metadata). The claim rules apply to both ({@link DashboardTokens}).
 *
 * @param hmacSecret  HS256 secret (RFC 7518 section 3.2: at least 256 bits, so 32 bytes of UTF-8), or {@code null}
 * @param maxLifetime the longest a token may still be valid, {@code exp - now} (default {@code PT12H})
 * @param issuer      the {@code iss} every token must carry, or {@code null} to accept any (with an issuer URI,
 *                    Spring Boot checks it against that URI as well)
 * @param audience    a value the token's {@code aud} must contain, or {@code null} to accept any
 */
@Validated
@ConfigurationProperties("callvault.security.jwt")
public record JwtProperties(
        String hmacSecret,
        @NotNull @DefaultValue("PT12H") Duration maxLifetime,
        String issuer,
        String audience) {

    /** Minimum HS256 key length, bytes (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    /** @return whether the secret, when set, is long enough for HS256 */
    @AssertTrue(message = "callvault.security.jwt.hmac-secret must be at least 32 bytes")
    public boolean isHmacSecretLongEnough() {
        return hmacSecret == null || hmacSecret.isEmpty()
                || hmacSecret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
    }
}
