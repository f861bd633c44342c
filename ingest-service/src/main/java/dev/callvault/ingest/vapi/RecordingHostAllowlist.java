package dev.callvault.ingest.vapi;

import dev.callvault.ingest.webhook.WebhookUrls;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a recording URL of a Vapi end-of-call report may be handed to the fetch worker: Vapi's recordings
 * are pre-signed URLs on its storage hosts, not under its API base URL, so they are checked against a host allowlist
 * instead (no server-side request forgery through a webhook).
 *
 * <p>The URL is parsed (RFC 3986) and must be absolute, hierarchical, with a host and without user information. Its
 * host (case-insensitive) must equal an exact entry, or lie strictly below a {@code *.suffix} entry
 * ({@code *.vapi.ai} admits {@code storage.vapi.ai}, not {@code vapi.ai} nor {@code evilvapi.ai}). The scheme must be
 * {@code https}; plain {@code http} is admitted only for hosts listed exactly (the local provider simulator), never
 * through a wildcard. Any port is admitted.
 */
public final class RecordingHostAllowlist {

    private final List<String> exactHosts = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();

    /**
     * @param entries exact host names, or {@code *.suffix}; blank entries are ignored
     * @throws IllegalArgumentException if an entry holds a scheme, a path, a port or a wildcard other than a leading
     *                                  {@code *.}
     */
    public RecordingHostAllowlist(List<String> entries) {
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            String host = entry.startsWith("*.") ? entry.substring(2) : entry;
            if (host.isEmpty() || !host.matches("[a-z0-9.\\-]+") || host.startsWith(".") || host.endsWith(".")) {
                throw new IllegalArgumentException("callvault.providers.vapi.recording-hosts: '" + raw
                        + "' is not a host name or *.suffix");
            }
            if (entry.startsWith("*.")) {
                suffixes.add("." + host);
            } else {
                exactHosts.add(host);
            }
        }
    }

    /**
     * @param url a recording URL as the report gave it
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
}
