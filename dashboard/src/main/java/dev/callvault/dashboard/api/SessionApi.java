package dev.callvault.dashboard.api;

import dev.callvault.dashboard.DashboardProperties;
import dev.callvault.dashboard.security.BackendTokens;
import dev.callvault.dashboard.security.DashboardUser;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me}: who is signed in ({@code tenantId}, {@code subject}, {@code scopes}), the CSRF token the app
 * sends back in {@code csrf.headerName} on every state-changing call, and the player's refresh interval
 * ({@code playbackUrlTtlSeconds}). Never a token.
 */
@RestController
class SessionApi {

    private final BackendTokens tokens;
    private final DashboardProperties properties;

    SessionApi(BackendTokens tokens, DashboardProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @GetMapping("/api/me")
    ResponseEntity<Map<String, Object>> me(Authentication authentication, CsrfToken csrf) {
        DashboardUser user = tokens.user(authentication);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of(
                "tenantId", user.tenantId(),
                "subject", user.subject(),
                "scopes", List.copyOf(new TreeSet<>(user.scopes())),
                "csrf", Map.of("headerName", csrf.getHeaderName(), "token", csrf.getToken()),
                "playbackUrlTtlSeconds", properties.playbackUrlTtl().toSeconds()));
    }
}
