package dev.callvault.ingest.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** Parsing of the URLs that webhooks name, before a provider's policy decides whether the fetch worker may use them. */
public final class WebhookUrls {

    private WebhookUrls() {
    }

    /**
     * Parses a URL (RFC 3986, {@link URI}) that is to name a server.
     *
     * @param url the URL as the webhook gave it
     * @return the URL when it parses, is absolute and hierarchical, has a host and carries no user information
     *         ({@code https://host@evil.example/} names {@code evil.example}); empty otherwise
     */
    public static Optional<URI> serverUrl(String url) {
        URI candidate;
        try {
            candidate = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!candidate.isAbsolute() || candidate.isOpaque() || candidate.getHost() == null
                || candidate.getRawUserInfo() != null) {
            return Optional.empty();
        }
        return Optional.of(candidate);
    }
}
