package dev.callvault.playback.signing;

import dev.callvault.playback.PlaybackProperties;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Mints and verifies signed stream URLs:
 * {@code <public-base-url>/v1/streams/<id>?exp=&kid=&sub=&sig=[&disposition=][&rendition=]}.
 *
 * <p><b>Canonical string</b> (UTF-8, fields joined by a line feed {@code \n}, no trailing line feed):
 * <pre>
 * CALLVAULT-STREAM-V1
 * &lt;recording id, lowercase UUID&gt;
 * &lt;tenant id, form-encoded&gt;
 * &lt;subject, form-encoded&gt;
 * &lt;expiry, unix seconds, decimal&gt;
 * &lt;disposition: inline | attachment&gt;
 * [rendition=&lt;opus&gt;]
 * </pre>
 * The last line is there only for a URL of a rendition, so URLs of the original keep the canonical string they had
 * before renditions existed; a URL without {@code rendition} streams the original.
 * "Form-encoded" is {@link URLEncoder#encode(String, java.nio.charset.Charset)} with UTF-8
 * ({@code application/x-www-form-urlencoded}), which is injective and leaves no line feed, so no two different
 * field sets share a canonical string. The tenant is not in the URL: the verifier takes it from the read model, so a
 * URL only ever opens a recording of the tenant it was minted for. A URL without {@code disposition} is
 * {@code inline}.
 *
 * <p><b>Signature</b>: HMAC-SHA256 (RFC 2104, FIPS 180-4) of the canonical string under the secret of {@code kid},
 * encoded base64url without padding (RFC 4648 section 5), 43 characters. Verification recomputes it and compares
 * the bytes in constant time ({@link MessageDigest#isEqual}). A URL is valid while {@code now < exp}.
 *
 * <p><b>Rotation</b>: new URLs are signed with {@code callvault.playback.active-kid}; every key still listed under
 * {@code callvault.playback.signing-keys} verifies; removing a key revokes every URL it signed.
 */
@Component
public class UrlSigner {

    /** First line of the canonical string: the version of this format. */
    public static final String CANONICAL_VERSION = "CALLVAULT-STREAM-V1";

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern EXP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIG = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final Map<String, SecretKeySpec> keys;
    private final String activeKid;
    private final URI publicBaseUrl;
    private final Clock clock;

    /**
     * @param properties keys, active key id and public base URL
     * @param clock      time source of expiry
     */
    public UrlSigner(PlaybackProperties properties, Clock clock) {
        this.keys = properties.signingKeys().entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> new SecretKeySpec(e.getValue().getBytes(StandardCharsets.UTF_8), ALGORITHM)));
        this.activeKid = properties.activeKid();
        String base = properties.publicBaseUrl().toString();
        this.publicBaseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.clock = clock;
    }

    /**
     * Mints a URL with the active key.
     *
     * @param recordingId the recording
     * @param tenantId    its tenant
     * @param subject     who asks (JWT {@code sub})
     * @param ttl         validity from now, positive; the expiry is rounded down to whole seconds
     * @param disposition inline or attachment
     * @return the URL and its expiry
     */
    public SignedUrl sign(UUID recordingId, String tenantId, String subject, Duration ttl, Disposition disposition) {
        return sign(recordingId, tenantId, subject, ttl, disposition, PlaybackRendition.ORIGINAL);
    }

    /**
     * Mints a URL of the original or of a rendition with the active key.
     *
     * @param recordingId the recording
     * @param tenantId    its tenant
     * @param subject     who asks (JWT {@code sub})
     * @param ttl         validity from now, positive; the expiry is rounded down to whole seconds
     * @param disposition inline or attachment
     * @param rendition   which bytes the URL streams
     * @return the URL and its expiry
     */
    public SignedUrl sign(UUID recordingId, String tenantId, String subject, Duration ttl, Disposition disposition,
            PlaybackRendition rendition) {
        Instant expiresAt = Instant.ofEpochSecond(clock.instant().plus(ttl).getEpochSecond());
        String exp = Long.toString(expiresAt.getEpochSecond());
        String sig = signature(keys.get(activeKid), recordingId, tenantId, subject, exp, disposition, rendition);
        StringBuilder url = new StringBuilder(publicBaseUrl.toString())
                .append("/v1/streams/").append(recordingId)
                .append("?exp=").append(exp)
                .append("&kid=").append(encode(activeKid))
                .append("&sub=").append(encode(subject))
                .append("&sig=").append(sig);
        if (disposition == Disposition.ATTACHMENT) {
            url.append("&disposition=").append(disposition.wireValue());
        }
        if (rendition != PlaybackRendition.ORIGINAL) {
            url.append("&rendition=").append(rendition.wireValue());
        }
        return new SignedUrl(URI.create(url.toString()), expiresAt);
    }

    /**
     * Verifies a stream URL's parameters for a recording of a tenant.
     *
     * @param recordingId the recording of the path
     * @param tenantId    its tenant, from the read model
     * @param credentials the URL's parameters, as received
     * @return the outcome; {@link Verification#grant()} is set only when {@link Verification.Outcome#VALID}
     */
    public Verification verify(UUID recordingId, String tenantId, StreamCredentials credentials) {
        if (credentials.exp() == null || !EXP.matcher(credentials.exp()).matches() || credentials.kid() == null
                || credentials.sub() == null || credentials.sig() == null || !SIG.matcher(credentials.sig()).matches()) {
            return Verification.of(Verification.Outcome.MALFORMED);
        }
        Disposition disposition = credentials.disposition() == null ? Disposition.INLINE
                : Disposition.fromWire(credentials.disposition()).orElse(null);
        PlaybackRendition rendition = credentials.rendition() == null ? PlaybackRendition.ORIGINAL
                : PlaybackRendition.fromWire(credentials.rendition()).filter(r -> r != PlaybackRendition.ORIGINAL)
                        .orElse(null);
        if (disposition == null || rendition == null) {
            return Verification.of(Verification.Outcome.MALFORMED);
        }
        SecretKeySpec key = keys.get(credentials.kid());
        if (key == null) {
            return Verification.of(Verification.Outcome.UNKNOWN_KEY);
        }
        byte[] expected = Base64.getUrlDecoder().decode(
                signature(key, recordingId, tenantId, credentials.sub(), credentials.exp(), disposition, rendition));
        byte[] given = Base64.getUrlDecoder().decode(credentials.sig());
        if (!MessageDigest.isEqual(expected, given)) {
            return Verification.of(Verification.Outcome.BAD_SIGNATURE);
        }
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(credentials.exp()));
        if (!clock.instant().isBefore(expiresAt)) {
            return Verification.of(Verification.Outcome.EXPIRED);
        }
        return new Verification(Verification.Outcome.VALID, new StreamGrant(recordingId, tenantId, credentials.sub(),
                expiresAt, disposition, credentials.kid(), rendition));
    }

    /**
     * The canonical string of the class documentation.
     *
     * @return the string that is signed
     */
    static String canonical(UUID recordingId, String tenantId, String subject, String exp, Disposition disposition) {
        return canonical(recordingId, tenantId, subject, exp, disposition, PlaybackRendition.ORIGINAL);
    }

    /**
     * The canonical string of the class documentation, with the rendition line for a rendition.
     *
     * @return the string that is signed
     */
    static String canonical(UUID recordingId, String tenantId, String subject, String exp, Disposition disposition,
            PlaybackRendition rendition) {
        String original = String.join("\n", CANONICAL_VERSION, recordingId.toString(), encode(tenantId),
                encode(subject), exp, disposition.wireValue());
        return rendition == PlaybackRendition.ORIGINAL ? original : original + "\nrendition=" + rendition.wireValue();
    }

    private static String signature(SecretKeySpec key, UUID recordingId, String tenantId, String subject, String exp,
            Disposition disposition, PlaybackRendition rendition) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(canonical(recordingId, tenantId, subject, exp, disposition, rendition)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * The outcome of a verification.
     *
     * @param outcome what was found
     * @param grant   what the URL grants, only for {@link Outcome#VALID}
     */
    public record Verification(Outcome outcome, StreamGrant grant) {

        static Verification of(Outcome outcome) {
            return new Verification(outcome, null);
        }

        /** @return whether the URL opens the recording now */
        public boolean valid() {
            return outcome == Outcome.VALID;
        }

        /** Why a URL was accepted or refused. */
        public enum Outcome {
            /** Signature matches and the URL has not expired. */
            VALID,
            /** A parameter is missing or malformed. */
            MALFORMED,
            /** The key id is not (or no longer) listed. */
            UNKNOWN_KEY,
            /** The signature does not match the parameters. */
            BAD_SIGNATURE,
            /** The signature matches, but {@code exp} has passed. */
            EXPIRED
        }
    }
}
