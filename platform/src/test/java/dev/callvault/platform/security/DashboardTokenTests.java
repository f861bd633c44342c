package dev.callvault.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Dashboard tokens as an attacker would forge them (issue 14, item 7): each is refused by the decoder every service's
 * resource server uses, which Spring Security answers with 401 {@code invalid_token}.
 */
class DashboardTokenTests {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final JwtDecoder decoder = DashboardTokens.hmacDecoder(new JwtProperties(SECRET, Duration.ofHours(12),
            "https://idp.example", "callvault"), CLOCK);

    @Test
    void shouldAcceptAWellFormedToken() throws Exception {
        // given / when
        Jwt jwt = decoder.decode(hs256(SECRET, claims().build()));

        // then
        assertThat(jwt.getSubject()).isEqualTo("agent@acme");
        assertThat(DashboardClaims.tenantId(jwt)).isEqualTo("acme");
    }

    @Test
    void shouldRejectATokenWithoutExpiry() throws Exception {
        // given a token that would otherwise be valid forever
        String token = hs256(SECRET, claims().expirationTime(null).build());

        // when / then
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class).hasMessageContaining("exp");
    }

    @Test
    void shouldRejectATokenLivingLongerThanTheMaximum() throws Exception {
        // given issued now, expiring in 13 hours (the maximum is 12)
        String token = hs256(SECRET, claims().expirationTime(Date.from(NOW.plus(Duration.ofHours(13)))).build());

        // when / then
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class)
                .hasMessageContaining("lifetime");
    }

    @Test
    void shouldRejectAnExpiringTokenWithoutIssuedAtBeyondTheMaximumFromNow() throws Exception {
        // given no iat, and an exp a year away
        String token = hs256(SECRET, claims().issueTime(null)
                .expirationTime(Date.from(NOW.plus(Duration.ofDays(365)))).build());

        // when / then
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class)
                .hasMessageContaining("lifetime");
    }

    @Test
    void shouldRejectAnotherIssuerOrAudience() throws Exception {
        // given
        String otherIssuer = hs256(SECRET, claims().issuer("https://evil.example").build());
        String otherAudience = hs256(SECRET, claims().audience("someone-else").build());

        // when / then
        assertThatThrownBy(() -> decoder.decode(otherIssuer)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode(otherAudience)).isInstanceOf(BadJwtException.class);
    }

    @Test
    void shouldRejectAnUnsignedTokenAndOneSignedWithAnotherSecretOrAlgorithm() throws Exception {
        // given alg=none, another HS256 secret, and HS512 with the right secret
        String unsigned = new PlainJWT(new PlainHeader(), claims().build()).serialize();
        String otherSecret = hs256("another-secret-of-at-least-32-bytes!", claims().build());
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims().build());
        hs512.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));

        // when / then
        for (String token : List.of(unsigned, otherSecret, hs512.serialize())) {
            assertThatThrownBy(() -> decoder.decode(token)).as(token).isInstanceOf(JwtException.class);
        }
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("agent@acme").claim(DashboardClaims.TENANT_ID, "acme")
                .claim("scope", "recordings:read").issuer("https://idp.example").audience("callvault")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    private static String hs256(String secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
