package dev.callvault.ingest.webhook;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a recording URL that a webhook names may be handed to the fetch worker, for a provider whose
 * recordings are pre-signed URLs on its storage hosts rather than under its API base URL (Vapi, Telnyx): the URL is
 * checked against the provider's host allowlist, {@code callvault.providers.<provider>.recording-hosts} (no
 * server-side request forgery through a webhook).
 *
 * <p>The URL is parsed (RFC 3986) and must be absolute, hierarchical, with a host and without user information. Its
 * host (case-insensitive) must equal an exact entry, or lie strictly below a {@code *.suffix} entry
 * ({@code *.vapi.ai} admits {@code storage.vapi.ai}, not {@code vapi.ai} nor {@code evilvapi.ai}). The scheme must be
 * {@code https}; plain {@code http} is admitted only for hosts listed exactly (the local provider simulator), never
 * through a wildcard. Any port is admitted.
 */
public final class RecordingHostAllowlist {

    private final String property;
    private final List<String> exactHosts = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();

    /**
     * @param property the configuration key of the list, named in errors, e.g.
     *                 {@code callvault.providers.vapi.recording-hosts}
     * @param entries  exact host names, or {@code *.suffix}; blank entries are ignored
     * @throws IllegalArgumentException if an entry holds a scheme, a path, a port or a wildcard other than a leading
     *                                  {@code *.}
     */
    public RecordingHostAllowlist(String property, List<String> entries) {
        this.property = property;
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            String host = entry.startsWith("*.") ? entry.substring(2) : entry;
            if (host.isEmpty() || !host.matches("[a-z0-9.\\-]+") || host.startsWith(".") || host.endsWith(".")) {
                throw new IllegalArgumentException(property + ": '" + raw + "' is not a host name or *.suffix");
            }
            if (entry.startsWith("*.")) {
                suffixes.add("." + host);
            } else {
                exactHosts.add(host);
            }
        }
    }

    /**
     * @param url a recording URL as the webhook gave it
     * @return whether the fetch worker may request it (see the class description)
     */
    public boolean allows(String url) {
        URI candidate = WebhookUrls.serverUrl(url).orElse(null);
        if (candidate == null) {
            return false;
        }
        String scheme = candidate.getScheme().toLowerCase(Locale.ROOT);
        String host = candidate.getHost().toLowerCase(Locale.ROOT);
        if (exactHosts.contains(host)) {
            return scheme.equals("https") || scheme.equals("http");
        }
        return scheme.equals("https") && suffixes.stream().anyMatch(suffix -> host.endsWith(suffix)
                && host.length() > suffix.length());
    }

    /**
     * Checks one recording URL of a webhook.
     *
     * @param path the webhook field that holds it, e.g. {@code data.payload.recording_urls.wav}
     * @param url  the URL, may be {@code null} (nothing to check)
     * @throws RecordingHostNotAllowedException if it is present and not {@linkplain #allows(String) allowed}
     */
    public void check(String path, String url) {
        if (url != null && !allows(url)) {
            throw new RecordingHostNotAllowedException(path, hostOf(url), property);
        }
    }

    /**
     * The part of a recording URL that may be logged or shown: a pre-signed URL is a credential, its host is not.
     *
     * @param url a recording URL as the webhook gave it
     * @return its host in lower case, or {@code "an unparsable URL"}
     */
    public static String hostOf(String url) {
        return WebhookUrls.serverUrl(url).map(uri -> uri.getHost().toLowerCase(Locale.ROOT))
                .orElse("an unparsable URL");
    }
}
