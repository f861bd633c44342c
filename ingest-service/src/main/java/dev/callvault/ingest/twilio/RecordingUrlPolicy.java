package dev.callvault.ingest.twilio;

import dev.callvault.ingest.webhook.WebhookUrls;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a recording URL from a webhook lies under a provider's configured API base URL, so that the fetch
 * worker never sends provider credentials elsewhere (no server-side request forgery).
 *
 * <p>The URL is parsed (RFC 3986) and compared component by component, never by string prefix: the scheme and the
 * host must be equal (case-insensitive), the ports equal once defaults are applied (80 for http, 443 for https), the
 * URL must carry no user information, and its path must consist of the base path's segments followed by more
 * segments. Paths with dot segments ({@code .}, {@code ..}) or encoded dots, slashes or backslashes are refused.
 * So {@code https://api.twilio.com.evil.example/...}, {@code https://api.twilio.com@evil.example/...} and
 * {@code https://api.twilio.com:8443/...} do not pass for the base {@code https://api.twilio.com}.
 */
public final class RecordingUrlPolicy {

    private final String scheme;
    private final String host;
    private final int port;
    private final List<String> basePath;

    /**
     * @param baseUrl the provider's API base URL: absolute, http or https, with a host
     * @throws IllegalArgumentException if the base URL is not such a URL
     */
    public RecordingUrlPolicy(URI baseUrl) {
        if (!baseUrl.isAbsolute() || baseUrl.isOpaque() || baseUrl.getHost() == null
                || defaultPort(baseUrl.getScheme()) < 0) {
            throw new IllegalArgumentException("API base URL must be an absolute http(s) URL with a host: " + baseUrl);
        }
        this.scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
        this.host = baseUrl.getHost().toLowerCase(Locale.ROOT);
        this.port = effectivePort(baseUrl);
        this.basePath = segments(baseUrl.getRawPath());
    }

    /**
     * @param url a recording URL as the webhook gave it
     * @return whether it lies under the base URL (see the class description)
     */
    public boolean allows(String url) {
        URI candidate = WebhookUrls.serverUrl(url).orElse(null);
        if (candidate == null) {
            return false;
        }
        if (!scheme.equals(candidate.getScheme().toLowerCase(Locale.ROOT))
                || !host.equals(candidate.getHost().toLowerCase(Locale.ROOT))
                || port != effectivePort(candidate)) {
            return false;
        }
        String path = candidate.getRawPath() == null ? "" : candidate.getRawPath();
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || path.contains("\\")) {
            return false;
        }
        List<String> segments = segments(path);
        if (segments.contains(".") || segments.contains("..")) {
            return false;
        }
        return segments.size() > basePath.size() && segments.subList(0, basePath.size()).equals(basePath);
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
    }

    private static int defaultPort(String scheme) {
        return switch (scheme == null ? "" : scheme.toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static List<String> segments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return List.of();
        }
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return Arrays.asList(trimmed.split("/", -1));
    }
}
