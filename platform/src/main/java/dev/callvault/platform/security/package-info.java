/** Dashboard JWTs: decoder (HS256 secret or issuer), claim checks, and problem-detail 401/403 answers. */
package dev.callvault.platform.security;
