/** Sessions, sign-in (OpenID Connect, or {@code /dev-login} on the local stack), CSRF, headers and the user's tokens. */
package dev.callvault.dashboard.security;
