package dev.callvault.dashboard.security;

import org.springframework.security.core.Authentication;

/**
 * The bearer token the BFF sends to the services on behalf of the signed-in user; never sent to the browser.
 */
public interface BackendTokens {

    /**
     * @param authentication the signed-in user's authentication, as the session holds it
     * @return who the user is, as the token says
     * @throws org.springframework.security.authentication.InsufficientAuthenticationException if the session's
     *         authentication carries no dashboard user
     */
    DashboardUser user(Authentication authentication);

    /**
     * @param authentication the signed-in user's authentication
     * @return a valid access token (JWT) for {@code Authorization: Bearer}
     * @throws org.springframework.security.authentication.InsufficientAuthenticationException if no token can be
     *         had for the user (the session must sign in again)
     */
    String bearer(Authentication authentication);
}
