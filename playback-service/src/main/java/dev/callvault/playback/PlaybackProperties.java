package dev.callvault.playback;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signed URLs, prefix {@code callvault.playback} (contract keys, {@code docs/architecture.md}, "Configuration").
 *
 * @param signingKeys   HMAC-SHA256 secrets by key id ({@code callvault.playback.signing-keys.<kid>}); each at least
 *                      32 bytes (UTF-8), key ids of letters, digits, {@code . _ -} (at most 64). Every listed key
 *                      verifies; removing one revokes the URLs it signed. Never logged.
 * @param activeKid     the key that signs new URLs; must be listed in {@code signingKeys}
 * @param urlTtl        validity of a minted URL when the request names none, default {@code PT1H}
 * @param maxUrlTtl     longest validity a request may ask for ({@code ttlSeconds}), default {@code PT24H}; at least
 *                      {@code urlTtl}
 * @param publicBaseUrl scheme, host and port (and optional path prefix) of minted stream URLs, default
 *                      {@code http://127.0.0.1:8084}
 * @param auditTimeout  longest wait for the broker to acknowledge a {@code RecordingAccessed}, default 5 s; past it
 *                      the request is answered 503
 */
@Validated
@ConfigurationProperties("callvault.playback")
public record PlaybackProperties(
        @NotEmpty Map<String, String> signingKeys,
        @NotBlank String activeKid,
        @NotNull @DefaultValue("PT1H") Duration urlTtl,
        @NotNull @DefaultValue("PT24H") Duration maxUrlTtl,
        @NotNull @DefaultValue("http://127.0.0.1:8084") URI publicBaseUrl,
        @NotNull @DefaultValue("5s") Duration auditTimeout) {

    /** Shortest secret accepted, in bytes: the HMAC-SHA256 output length (RFC 2104 section 3). */
    public static final int MIN_KEY_BYTES = 32;

    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * @throws IllegalArgumentException if a key id or secret is malformed, the active key is not listed, or the TTLs
     *                                  are not positive with {@code urlTtl <= maxUrlTtl}
     */
    public PlaybackProperties {
        signingKeys = signingKeys == null ? Map.of() : Map.copyOf(signingKeys);
        signingKeys.forEach((kid, secret) -> {
            if (!KID.matcher(kid).matches()) {
                throw new IllegalArgumentException("callvault.playback.signing-keys: key id '" + kid
                        + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("callvault.playback.signing-keys." + kid + " must be at least "
                        + MIN_KEY_BYTES + " bytes");
            }
        });
        if (activeKid != null && !activeKid.isBlank() && !signingKeys.containsKey(activeKid)) {
            throw new IllegalArgumentException("callvault.playback.active-kid '" + activeKid
                    + "' is not listed under callvault.playback.signing-keys");
        }
        if (urlTtl != null && maxUrlTtl != null
                && (urlTtl.isNegative() || urlTtl.isZero() || urlTtl.compareTo(maxUrlTtl) > 0)) {
            throw new IllegalArgumentException("callvault.playback.url-ttl must be positive and at most "
                    + "callvault.playback.max-url-ttl");
        }
    }

    @Override
    public String toString() {
        return "PlaybackProperties[kids=" + signingKeys.keySet() + ", activeKid=" + activeKid + ", urlTtl=" + urlTtl
                + ", maxUrlTtl=" + maxUrlTtl + ", publicBaseUrl=" + publicBaseUrl + ", auditTimeout=" + auditTimeout
                + "]";
    }
}
