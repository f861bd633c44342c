package dev.callvault.platform.security;

import jakarta.validation.constraints.AssertTrue;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Dashboard token verification, prefix {@code callvault.security.jwt}. Either this HS256 secret is set, or
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (then Spring Boot builds the decoder from the issuer's
 * metadata).
 *
 * @param hmacSecret HS256 secret (RFC 7518 section 3.2: at least 256 bits, so 32 bytes of UTF-8), or {@code null}
 */
@Validated
@ConfigurationProperties("callvault.security.jwt")
public record JwtProperties(String hmacSecret) {

    /** Minimum HS256 key length, bytes (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    /** @return whether the secret, when set, is long enough for HS256 */
    @AssertTrue(message = "callvault.security.jwt.hmac-secret must be at least 32 bytes")
    public boolean isHmacSecretLongEnough() {
        return hmacSecret == null || hmacSecret.isEmpty()
                || hmacSecret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
    }
}
