package dev.callvault.dashboard.security;

import java.util.Set;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Production tokens: the access token the OIDC provider issued at sign-in ({@code oauth2Login}, OpenID Connect Core
 * 1.0 authorization code flow), kept in the session by Spring Security's authorized-client service and refreshed
 * with its refresh token when it expires ({@link OAuth2AuthorizedClientManager}). The services verify it against the
 * same issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}); the user's tenant is the ID token's
 * {@code tenant_id} claim, the scopes those granted to the access token.
 */
final class OidcTokens implements BackendTokens {

    private final OAuth2AuthorizedClientManager clients;

    /** @param clients authorizes (and refreshes) the signed-in user's client */
    OidcTokens(OAuth2AuthorizedClientManager clients) {
        this.clients = clients;
    }

    @Override
    public DashboardUser user(Authentication authentication) {
        if (!(authentication instanceof OAuth2AuthenticationToken token)
                || !(token.getPrincipal() instanceof OidcUser oidc)) {
            throw new InsufficientAuthenticationException("not signed in through OpenID Connect");
        }
        String tenant = oidc.getClaimAsString("tenant_id");
        if (tenant == null || tenant.isBlank()) {
            throw new InsufficientAuthenticationException("the ID token has no tenant_id claim");
        }
        return new DashboardUser(tenant, oidc.getSubject(), known(authorize(token).getAccessToken().getScopes()));
    }

    @Override
    public String bearer(Authentication authentication) {
        if (!(authentication instanceof OAuth2AuthenticationToken token)) {
            throw new InsufficientAuthenticationException("not signed in through OpenID Connect");
        }
        return authorize(token).getAccessToken().getTokenValue();
    }

    private OAuth2AuthorizedClient authorize(OAuth2AuthenticationToken token) {
        OAuth2AuthorizedClient client = clients.authorize(OAuth2AuthorizeRequest
                .withClientRegistrationId(token.getAuthorizedClientRegistrationId()).principal(token).build());
        if (client == null) {
            throw new InsufficientAuthenticationException("the sign-in has expired; sign in again");
        }
        return client;
    }

    /** @return the scopes of a granted access token that the dashboard knows */
    static Set<String> known(Set<String> scopes) {
        return Set.copyOf(scopes.stream().filter(DashboardUser.KNOWN_SCOPES::contains).toList());
    }
}
