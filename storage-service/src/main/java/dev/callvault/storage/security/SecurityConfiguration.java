package dev.callvault.storage.security;

import dev.callvault.platform.security.DashboardSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may do what: {@code GET /v1/recordings} and {@code GET /v1/recordings/{id}} need scope {@code recordings:read},
 * {@code POST /v1/admin/backfill}, {@code GET /v1/admin/orphans}, {@code PUT|DELETE /v1/recordings/{id}/legal-hold}
 * and {@code DELETE /v1/recordings/{id}} need {@code recordings:admin}; the direct uploads, {@code POST /v1/recordings}
 * and every method of {@code /v1/uploads} (tus), need {@code recordings:write}. Token verification, open health and metrics,
 * and problem-detail 401/403 answers come from the platform's {@link DashboardSecurity}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String READ_AUTHORITY = "SCOPE_recordings:read";
    static final String ADMIN_AUTHORITY = "SCOPE_recordings:admin";
    static final String WRITE_AUTHORITY = "SCOPE_recordings:write";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, DashboardSecurity dashboardSecurity) throws Exception {
        return dashboardSecurity.filterChain(http, requests -> requests
                .requestMatchers(HttpMethod.GET, "/v1/recordings", "/v1/recordings/*").hasAuthority(READ_AUTHORITY)
                .requestMatchers(HttpMethod.HEAD, "/v1/recordings", "/v1/recordings/*").hasAuthority(READ_AUTHORITY)
                .requestMatchers(HttpMethod.POST, "/v1/admin/backfill").hasAuthority(ADMIN_AUTHORITY)
                .requestMatchers(HttpMethod.POST, "/v1/recordings/*/fetch-requests").hasAuthority(ADMIN_AUTHORITY)
                .requestMatchers(HttpMethod.GET, "/v1/admin/orphans").hasAuthority(ADMIN_AUTHORITY)
                .requestMatchers(HttpMethod.HEAD, "/v1/admin/orphans").hasAuthority(ADMIN_AUTHORITY)
                .requestMatchers(HttpMethod.PUT, "/v1/recordings/*/legal-hold").hasAuthority(ADMIN_AUTHORITY)
                .requestMatchers(HttpMethod.DELETE, "/v1/recordings/*/legal-hold", "/v1/recordings/*")
                .hasAuthority(ADMIN_AUTHORITY)
                .requestMatchers(HttpMethod.POST, "/v1/recordings").hasAuthority(WRITE_AUTHORITY)
                .requestMatchers("/v1/uploads", "/v1/uploads/**").hasAuthority(WRITE_AUTHORITY));
    }
}
