package dev.callvault.platform.http;

import java.net.URI;
import java.util.Locale;

/**
 * Confines requests to a provider's configured base URL, so that neither a crafted id nor a link or redirect the
 * provider returns sends our credentials to another host (server-side request forgery, OWASP API7:2023). Used by
 * fetch-worker's downloads and storage-service's reconciliation listings.
 */
public final class BaseUrls {

    private BaseUrls() {
    }

    /**
     * Appends a path to a base URL.
     *
     * @param base         base URL, with or without a trailing slash
     * @param pathAndQuery path starting with {@code /}, built from validated ids, optionally with a query
     * @return the URL
     * @throws IllegalArgumentException if the result would not lie under the base URL
     */
    public static URI resolve(URI base, String pathAndQuery) {
        String prefix = base.toString().replaceAll("/+$", "");
        URI uri = URI.create(prefix + pathAndQuery).normalize();
        if (!isUnder(base, uri)) {
            throw new IllegalArgumentException("path escapes the provider's base URL");
        }
        return uri;
    }

    /**
     * Whether a URL lies under a base URL: same scheme, host (case-insensitive) and port (the scheme's default port
     * when absent, RFC 3986 section 6.2.3), no user info, and a path equal to or inside the base path.
     *
     * @param base the configured base URL
     * @param uri  a URL to request
     * @return true if it may be requested
     */
    public static boolean isUnder(URI base, URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || !uri.getScheme().equalsIgnoreCase(base.getScheme())
                || !uri.getHost().toLowerCase(Locale.ROOT).equals(base.getHost().toLowerCase(Locale.ROOT))
                || port(uri) != port(base)) {
            return false;
        }
        String basePath = base.normalize().getRawPath() == null ? "" : base.normalize().getRawPath()
                .replaceAll("/+$", "");
        String path = uri.normalize().getRawPath() == null ? "" : uri.normalize().getRawPath();
        return !path.contains("/../") && (basePath.isEmpty() || path.equals(basePath)
                || path.startsWith(basePath + "/"));
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
