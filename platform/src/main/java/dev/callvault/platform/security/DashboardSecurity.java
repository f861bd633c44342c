package dev.callvault.platform.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Builds a service's filter chain for dashboard APIs: stateless bearer JWTs (RFC 6750) verified by Spring Security's
 * resource server with the application's {@link JwtDecoder}, 401/403 answered as problem details, health and metrics
 * open, and the service's own authorization rules in between. A {@code HEAD} no rule names is refused (403): a
 * service names its {@code HEAD} routes with the same scope as their {@code GET}. Any other request no rule names
 * must be authenticated.
 */
public class DashboardSecurity {

    private final JwtDecoder jwtDecoder;
    private final ProblemDetailSecurityHandlers problems;

    /**
     * @param jwtDecoder verifies dashboard tokens (HS256 secret or issuer)
     * @param problems   answers 401 and 403 as problem details
     */
    public DashboardSecurity(JwtDecoder jwtDecoder, ProblemDetailSecurityHandlers problems) {
        this.jwtDecoder = jwtDecoder;
        this.problems = problems;
    }

    /**
     * Builds the filter chain.
     *
     * @param http  the service's {@link HttpSecurity}
     * @param rules the service's authorization rules, e.g. {@code GET /v1/recordings/*} needs
     *              {@code SCOPE_recordings:read}
     * @return the chain
     * @throws Exception as {@link HttpSecurity#build()} does
     */
    public SecurityFilterChain filterChain(HttpSecurity http,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                            "/actuator/info", "/error").permitAll();
                    rules.customize(requests);
                    // a HEAD the service gave no rule of its own is refused, never let through on authentication
                    // alone where its GET asks for a scope
                    requests.requestMatchers(HttpMethod.HEAD).denyAll();
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }
}
