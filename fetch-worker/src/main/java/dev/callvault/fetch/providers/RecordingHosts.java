package dev.callvault.fetch.providers;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The allowlist of hosts that a provider's pre-signed recording URLs may point to (Vapi's
 * {@code callvault.providers.vapi.recording-hosts}): the same rules as the ingest's check of an end-of-call report, so
 * that a URL the ingest passed on is one the worker may request.
 *
 * <p>A URL is admitted when it is absolute, without user information, and its host (case-insensitive) equals an exact
 * entry or lies strictly below a {@code *.suffix} entry ({@code *.vapi.ai} admits {@code storage.vapi.ai}, neither
 * {@code vapi.ai} nor {@code evilvapi.ai}). The scheme must be {@code https}; plain {@code http} is admitted only for
 * an exactly listed host (the local provider simulator), never through a wildcard. Any port is admitted.
 */
public final class RecordingHosts {

    private final List<String> exactHosts = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();

    /**
     * @param entries exact host names, or {@code *.suffix}; blank entries are ignored
     * @throws IllegalArgumentException if an entry holds a scheme, a path, a port or a wildcard other than a leading
     *                                  {@code *.}
     */
    public RecordingHosts(List<String> entries) {
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            boolean wildcard = entry.startsWith("*.");
            String host = wildcard ? entry.substring(2) : entry;
            if (host.isEmpty() || !host.matches("[a-z0-9.\\-]+") || host.startsWith(".") || host.endsWith(".")) {
                throw new IllegalArgumentException("callvault.providers.vapi.recording-hosts: '" + raw
                        + "' is not a host name or *.suffix");
            }
            if (wildcard) {
                suffixes.add("." + host);
            } else {
                exactHosts.add(host);
            }
        }
    }

    /**
     * @param url a URL to request without credentials
     * @return whether it is on an allowed host with an allowed scheme (see the class description)
     */
    public boolean allows(URI url) {
        if (url == null || !url.isAbsolute() || url.isOpaque() || url.getHost() == null
                || url.getRawUserInfo() != null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (exactHosts.contains(host)) {
            return scheme.equals("https") || scheme.equals("http");
        }
        return scheme.equals("https") && suffixes.stream().anyMatch(suffix -> host.endsWith(suffix)
                && host.length() > suffix.length());
    }
}
