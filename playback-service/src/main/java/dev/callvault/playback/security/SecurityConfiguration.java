package dev.callvault.playback.security;

import dev.callvault.platform.security.DashboardSecurity;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may do what: minting a playback URL, availability and the events stream need scope {@code recordings:read};
 * {@code GET|HEAD /v1/streams/*} needs no token (the URL's signature is the capability, checked by the stream
 * handler), so those requests do not pass through Spring Security's filter chain at all: {@code bench/run}'s flight
 * recording of 64 KiB ranges put a large share of each request's CPU in that chain, which had nothing to decide for
 * them. The stream handler sets the response headers the chain would have added ({@code X-Content-Type-Options},
 * {@code X-Frame-Options}). Async dispatches (the Server-Sent Events stream) were authorized when they started. Token
 * verification, open health and metrics, and problem-detail 401/403 come from the platform's
 * {@link DashboardSecurity}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String READ_AUTHORITY = "SCOPE_recordings:read";

    /** Signed stream URLs bypass the filter chain: their signature, checked by the handler, is the authorization. */
    @Bean
    WebSecurityCustomizer signedStreamsBypassTheFilterChain() {
        return web -> web.ignoring()
                .requestMatchers(HttpMethod.GET, "/v1/streams/*")
                .requestMatchers(HttpMethod.HEAD, "/v1/streams/*");
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, DashboardSecurity dashboardSecurity) throws Exception {
        return dashboardSecurity.filterChain(http, requests -> requests
                .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                .requestMatchers(HttpMethod.POST, "/v1/recordings/*/playback-url").hasAuthority(READ_AUTHORITY)
                .requestMatchers(HttpMethod.GET, "/v1/recordings/*/peaks").hasAuthority(READ_AUTHORITY)
                .requestMatchers(HttpMethod.GET, "/v1/recordings/events", "/v1/recordings/*/availability")
                .hasAuthority(READ_AUTHORITY)
                .requestMatchers(HttpMethod.HEAD, "/v1/recordings/events", "/v1/recordings/*/availability")
                .hasAuthority(READ_AUTHORITY));
    }
}
