package dev.callvault.dashboard.security;

import dev.callvault.dashboard.DashboardProperties;
import java.net.URI;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The BFF's security: a server-side session (cookie {@code CALLVAULT_SESSION}: {@code Secure}, {@code HttpOnly},
 * {@code SameSite=Lax}, {@code application.yml}) holds who signed in; the browser never sees a token.
 *
 * <ul>
 *   <li>Sign-in: OpenID Connect ({@code oauth2Login}, registration {@code callvault} under
 *       {@code spring.security.oauth2.client.registration}) in production; {@code /dev-login} with the {@code local}
 *       profile only ({@link DevLoginController}). Exactly one of them must be configured.</li>
 *   <li>CSRF: a synchronizer token kept in the session (OWASP CSRF cheat sheet), sent by the app in the
 *       {@code X-CSRF-TOKEN} header on every state-changing call (it reads it from {@code GET /api/me}); a call
 *       without it answers 403.</li>
 *   <li>Headers: a Content-Security-Policy that allows scripts, styles and requests only from the dashboard itself
 *       and media from playback-service (the signed URLs), no framing, no referrer.</li>
 *   <li>{@code /api/**} without a session answers 401 and a missing scope 403, as problem details (RFC 9457); a page
 *       without a session redirects to the sign-in.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CSRF_HEADER = "X-CSRF-TOKEN";

    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        HttpSessionCsrfTokenRepository repository = new HttpSessionCsrfTokenRepository();
        repository.setHeaderName(CSRF_HEADER);
        return repository;
    }

    @Bean
    HttpSessionSecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    BackendTokens backendTokens(DashboardProperties properties, Environment environment,
            ObjectProvider<OAuth2AuthorizedClientManager> clients,
            ObjectProvider<ClientRegistrationRepository> registrations) {
        boolean oidc = registrations.getIfAvailable() != null;
        if (properties.devLogin()) {
            if (!environment.acceptsProfiles(Profiles.of("local"))) {
                throw new IllegalStateException("callvault.dashboard.dev-login signs anyone in: it runs only with the"
                        + " local profile (deploy/local/up)");
            }
            if (oidc) {
                throw new IllegalStateException("both /dev-login and an OpenID Connect client are configured; the"
                        + " dashboard signs users in one way");
            }
            return new DevTokens(properties.devTokenSecret(), Clock.systemUTC());
        }
        if (!oidc) {
            throw new IllegalStateException("No sign-in configured: set the OpenID Connect client"
                    + " spring.security.oauth2.client.registration.callvault.* (or run the local profile)");
        }
        return new OidcTokens(clients.getObject());
    }

    @Bean
    SecurityFilterChain dashboardFilterChain(HttpSecurity http, DashboardProperties properties,
            CsrfTokenRepository csrfTokens, HttpSessionSecurityContextRepository contexts, ProblemResponses problems)
            throws Exception {
        AuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(
                properties.devLogin() ? "/dev-login" : "/oauth2/authorization/callvault");
        AuthenticationEntryPoint apiUnauthorized = (request, response, e) -> problems.write(response,
                HttpStatus.UNAUTHORIZED, "Not signed in", "sign in to the dashboard first");
        AccessDeniedHandler denied = (request, response, e) -> problems.write(response, HttpStatus.FORBIDDEN,
                "Forbidden", request.getMethod().equals("GET") ? "not allowed"
                        : "refused: the request carries no valid " + CSRF_HEADER + " or the user may not do this");
        PathPatternRequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        http
                .securityContext(context -> context.securityContextRepository(contexts))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/actuator/info", "/error", "/dev-login", "/app.css", "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .ignoringRequestMatchers("/actuator/**"))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(apiUnauthorized, api)
                        .defaultAuthenticationEntryPointFor(signIn, request -> true)
                        .accessDeniedHandler(denied))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(properties)))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl(properties.devLogin() ? "/dev-login"
                        : "/"))
                .requestCache(cache -> cache.disable());
        if (!properties.devLogin()) {
            http.oauth2Login(Customizer.withDefaults());
        }
        return http.build();
    }

    /**
     * @return the policy: everything from the dashboard's own origin, media also from playback-service's (the signed
     *         URLs), nothing inline, no plugins, no framing
     */
    static String contentSecurityPolicy(DashboardProperties properties) {
        URI playback = properties.playbackUrl();
        String playbackOrigin = playback.getScheme() + "://" + playback.getAuthority();
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' "
                + playbackOrigin + "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
                + " frame-ancestors 'none'";
    }

}
