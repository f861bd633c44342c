package dev.callvault.audit.security;

import dev.callvault.platform.security.DashboardSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may read the audit log: {@code GET /v1/audit-events} and {@code GET /v1/recordings/{id}/custody} need scope
 * {@code audit:read}; token verification, open health and metrics, and problem-detail 401/403 answers come from the
 * platform's {@link DashboardSecurity}. Any other request needs a valid token and finds nothing.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String READ_AUTHORITY = "SCOPE_audit:read";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, DashboardSecurity dashboardSecurity) throws Exception {
        return dashboardSecurity.filterChain(http, requests -> requests
                .requestMatchers(HttpMethod.GET, "/v1/audit-events", "/v1/recordings/*/custody")
                .hasAuthority(READ_AUTHORITY)
                .requestMatchers(HttpMethod.HEAD, "/v1/audit-events", "/v1/recordings/*/custody")
                .hasAuthority(READ_AUTHORITY));
    }
}
