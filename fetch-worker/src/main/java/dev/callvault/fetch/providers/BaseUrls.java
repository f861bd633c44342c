package dev.callvault.fetch.providers;

import java.net.URI;
import java.util.Locale;

/** Confines requests to a provider's configured base URL (no server-side request forgery, no leaked credentials). */
final class BaseUrls {

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
    static URI resolve(URI base, String pathAndQuery) {
        String prefix = base.toString().replaceAll("/+$", "");
        URI uri = URI.create(prefix + pathAndQuery).normalize();
        if (!isUnder(base, uri)) {
            throw new IllegalArgumentException("path escapes the provider's base URL");
        }
        return uri;
    }

    /**
     * Whether a URL lies under a base URL: same scheme, host and port, and a path inside the base path.
     *
     * @param base the configured base URL
     * @param uri  a URL to request
     * @return true if it may be requested
     */
    static boolean isUnder(URI base, URI uri) {
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
