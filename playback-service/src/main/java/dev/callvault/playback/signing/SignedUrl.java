package dev.callvault.playback.signing;

import java.net.URI;
import java.time.Instant;

/**
 * A minted stream URL.
 *
 * @param url       the full URL (a capability: never log it)
 * @param expiresAt end of validity, whole seconds
 */
public record SignedUrl(URI url, Instant expiresAt) {

    @Override
    public String toString() {
        return "SignedUrl[path=" + url.getPath() + ", expiresAt=" + expiresAt + "]";
    }
}
