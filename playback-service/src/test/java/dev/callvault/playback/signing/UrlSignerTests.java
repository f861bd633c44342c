package dev.callvault.playback.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.playback.PlaybackProperties;
import dev.callvault.playback.signing.UrlSigner.Verification.Outcome;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

/** Signing and verification without Spring: canonical form, tampering, expiry, key rotation and revocation. */
class UrlSignerTests {

    private static final String OLD_SECRET = "old-signing-key-0123456789abcdef0123";
    private static final String NEW_SECRET = "new-signing-key-0123456789abcdef0123";
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final UUID RECORDING = UUID.fromString("0b6a6d3e-34c5-3f0e-9a43-7e0d6a1c2b11");
    private static final String TENANT = "acme";

    private static UrlSigner signer(Map<String, String> keys, String activeKid, Instant now) {
        return new UrlSigner(new PlaybackProperties(keys, activeKid, Duration.ofHours(1), Duration.ofHours(24),
                URI.create("https://play.example.test/"), Duration.ofSeconds(5)), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Map<String, String> keys(String... kidAndSecret) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < kidAndSecret.length; i += 2) {
            keys.put(kidAndSecret[i], kidAndSecret[i + 1]);
        }
        return keys;
    }

    private static StreamCredentials credentials(SignedUrl url) {
        Map<String, String> q = UriComponentsBuilder.fromUri(url.url()).build(true).getQueryParams().toSingleValueMap();
        return new StreamCredentials(q.get("exp"), q.get("kid"),
                q.get("sub") == null ? null : java.net.URLDecoder.decode(q.get("sub"), StandardCharsets.UTF_8),
                q.get("sig"), q.get("disposition"));
    }

    @Test
    void shouldMintUrlWhoseSignatureIsHmacOfTheDocumentedCanonicalString() throws Exception {
        // given
        UrlSigner signer = signer(keys("k1", NEW_SECRET), "k1", NOW);

        // when
        SignedUrl url = signer.sign(RECORDING, TENANT, "alice@example.com", Duration.ofMinutes(10),
                Disposition.ATTACHMENT);

        // then the URL has the contract's shape
        assertThat(url.expiresAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(url.url().toString()).startsWith("https://play.example.test/v1/streams/" + RECORDING + "?exp="
                + NOW.plusSeconds(600).getEpochSecond() + "&kid=k1&sub=alice%40example.com&sig=")
                .endsWith("&disposition=attachment");
        // and sig is base64url(HMAC-SHA256(secret, canonical)) without padding, recomputed independently
        String canonical = "CALLVAULT-STREAM-V1\n" + RECORDING + "\nacme\nalice%40example.com\n"
                + NOW.plusSeconds(600).getEpochSecond() + "\nattachment";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(NEW_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(credentials(url).sig()).isEqualTo(expected).hasSize(43).doesNotContain("=");
        assertThat(signer.verify(RECORDING, TENANT, credentials(url)).outcome()).isEqualTo(Outcome.VALID);
    }

    @Test
    void shouldRejectExpiredSignature() {
        // given a URL valid for 60 s
        SignedUrl url = signer(keys("k1", NEW_SECRET), "k1", NOW).sign(RECORDING, TENANT, "bob", Duration.ofSeconds(60),
                Disposition.INLINE);

        // when it is checked one second before and exactly at expiry
        UrlSigner.Verification before = signer(keys("k1", NEW_SECRET), "k1", NOW.plusSeconds(59))
                .verify(RECORDING, TENANT, credentials(url));
        UrlSigner.Verification at = signer(keys("k1", NEW_SECRET), "k1", NOW.plusSeconds(60))
                .verify(RECORDING, TENANT, credentials(url));

        // then it is valid before, expired at exp
        assertThat(before.outcome()).isEqualTo(Outcome.VALID);
        assertThat(before.grant().subject()).isEqualTo("bob");
        assertThat(at.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(at.grant()).isNull();
    }

    @Test
    void shouldRejectEveryChangedParameter() {
        // given a valid inline URL
        UrlSigner signer = signer(keys("k1", NEW_SECRET, "k0", OLD_SECRET), "k1", NOW);
        StreamCredentials good = credentials(signer.sign(RECORDING, TENANT, "carol", Duration.ofHours(1),
                Disposition.INLINE));
        String flippedSig = (good.sig().charAt(0) == 'A' ? "B" : "A") + good.sig().substring(1);

        // then each change breaks it
        assertThat(signer.verify(RECORDING, TENANT, good).outcome()).isEqualTo(Outcome.VALID);
        assertThat(signer.verify(UUID.randomUUID(), TENANT, good).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(signer.verify(RECORDING, "other-tenant", good).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(signer.verify(RECORDING, TENANT, new StreamCredentials(
                String.valueOf(Long.parseLong(good.exp()) + 3600), good.kid(), good.sub(), good.sig(), null))
                .outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(signer.verify(RECORDING, TENANT, new StreamCredentials(good.exp(), good.kid(), "mallory",
                good.sig(), null)).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(signer.verify(RECORDING, TENANT, new StreamCredentials(good.exp(), "k0", good.sub(), good.sig(),
                null)).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(signer.verify(RECORDING, TENANT, new StreamCredentials(good.exp(), "k9", good.sub(), good.sig(),
                null)).outcome()).isEqualTo(Outcome.UNKNOWN_KEY);
        assertThat(signer.verify(RECORDING, TENANT, new StreamCredentials(good.exp(), good.kid(), good.sub(),
                good.sig(), "attachment")).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(signer.verify(RECORDING, TENANT, new StreamCredentials(good.exp(), good.kid(), good.sub(),
                flippedSig, null)).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(signer.verify(RECORDING, TENANT, new StreamCredentials(good.exp(), good.kid(), good.sub(),
                good.sig() + "A", null)).outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(signer.verify(RECORDING, TENANT, new StreamCredentials(null, good.kid(), good.sub(), good.sig(),
                null)).outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(signer.verify(RECORDING, TENANT, new StreamCredentials(good.exp(), good.kid(), good.sub(),
                good.sig(), "download")).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void shouldKeepVerifyingRotatedKeyUntilItIsRemoved() {
        // given a URL signed while k0 was active
        SignedUrl old = signer(keys("k0", OLD_SECRET), "k0", NOW).sign(RECORDING, TENANT, "dave", Duration.ofHours(2),
                Disposition.INLINE);

        // when k1 becomes active and k0 stays listed, then when k0 is removed
        UrlSigner rotated = signer(keys("k0", OLD_SECRET, "k1", NEW_SECRET), "k1", NOW.plusSeconds(60));
        UrlSigner revoked = signer(keys("k1", NEW_SECRET), "k1", NOW.plusSeconds(120));

        // then the old URL verifies after rotation and not after removal; new URLs carry k1
        assertThat(rotated.verify(RECORDING, TENANT, credentials(old)).outcome()).isEqualTo(Outcome.VALID);
        assertThat(revoked.verify(RECORDING, TENANT, credentials(old)).outcome()).isEqualTo(Outcome.UNKNOWN_KEY);
        SignedUrl fresh = rotated.sign(RECORDING, TENANT, "dave", Duration.ofHours(1), Disposition.INLINE);
        assertThat(credentials(fresh).kid()).isEqualTo("k1");
        assertThat(revoked.verify(RECORDING, TENANT, credentials(fresh)).outcome()).isEqualTo(Outcome.VALID);
    }

    @Test
    void shouldRefuseConfigurationWithUnlistedActiveKeyOrShortSecret() {
        assertThatThrownBy(() -> signer(keys("k1", NEW_SECRET), "k2", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("active-kid");
        assertThatThrownBy(() -> signer(keys("k1", "too-short"), "k1", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("too-short");
    }
}
