package dev.callvault.storage.security;

import java.nio.charset.StandardCharsets;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Dashboard authentication: stateless bearer JWTs (RFC 6750) checked by Spring Security's resource server, HS256
 * with {@code callvault.security.jwt.hmac-secret} or, when that is not set, the issuer of
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}. Reading the catalog needs scope
 * {@code recordings:read}; health and metrics are open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String READ_AUTHORITY = "SCOPE_recordings:read";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemDetailSecurityHandlers problems,
            ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
        if (jwtDecoder.getIfAvailable() == null) {
            throw new IllegalStateException("No way to verify dashboard tokens: set callvault.security.jwt.hmac-secret"
                    + " or spring.security.oauth2.resourceserver.jwt.issuer-uri");
        }
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/actuator/info", "/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v1/recordings", "/v1/recordings/*")
                        .hasAuthority(READ_AUTHORITY)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder.getObject()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    /**
     * Extra checks for every token, whichever decoder verifies it (Spring Boot adds validator beans to the decoder it
     * builds from an issuer): {@code sub} and {@code tenant_id} present.
     */
    @Bean
    OAuth2TokenValidator<Jwt> dashboardClaimsValidator() {
        return DashboardClaims.validator();
    }

    /**
     * HS256 verification with the shared secret (RFC 7518 section 3.2), plus the default checks of {@code exp} and
     * {@code nbf} (60 seconds of clock skew) and the dashboard claims.
     */
    @Bean
    @ConditionalOnExpression("'${callvault.security.jwt.hmac-secret:}' != ''")
    JwtDecoder hmacJwtDecoder(JwtProperties properties, OAuth2TokenValidator<Jwt> dashboardClaimsValidator) {
        SecretKeySpec key = new SecretKeySpec(properties.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
                dashboardClaimsValidator));
        return decoder;
    }
}
