package dev.callvault.fetch.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vapi's pre-signed recording URLs: the host allowlist and the expiry read from the query. */
class PresignedUrlTests {

    private final RecordingHosts hosts = new RecordingHosts(List.of("storage.vapi.ai", "*.r2.cloudflarestorage.com",
            "127.0.0.1", " "));

    @Test
    void shouldAdmitExactHostsAndHostsStrictlyBelowAWildcard() {
        // given / when / then
        assertThat(hosts.allows(URI.create("https://storage.vapi.ai/recordings/a.wav"))).isTrue();
        assertThat(hosts.allows(URI.create("https://STORAGE.vapi.ai:8443/a.wav"))).isTrue();
        assertThat(hosts.allows(URI.create("https://acct.r2.cloudflarestorage.com/a.wav?X-Amz-Date=1"))).isTrue();
        assertThat(hosts.allows(URI.create("https://r2.cloudflarestorage.com/a.wav"))).isFalse();
        assertThat(hosts.allows(URI.create("https://evilr2.cloudflarestorage.com.example/a.wav"))).isFalse();
        assertThat(hosts.allows(URI.create("https://vapi.ai/a.wav"))).isFalse();
        assertThat(hosts.allows(URI.create("https://storage.vapi.ai.evil.example/a.wav"))).isFalse();
    }

    @Test
    void shouldAdmitPlainHttpOnlyForExactlyListedHosts() {
        // given / when / then
        assertThat(hosts.allows(URI.create("http://127.0.0.1:8089/vapi-storage/x/stereo.mp3"))).isTrue();
        assertThat(hosts.allows(URI.create("http://storage.vapi.ai/a.wav"))).isTrue();
        assertThat(hosts.allows(URI.create("http://acct.r2.cloudflarestorage.com/a.wav"))).isFalse();
        assertThat(hosts.allows(URI.create("ftp://storage.vapi.ai/a.wav"))).isFalse();
    }

    @Test
    void shouldRefuseUserInfoRelativeAndOpaqueUrls() {
        // given / when / then
        assertThat(hosts.allows(URI.create("https://user:pw@storage.vapi.ai/a.wav"))).isFalse();
        assertThat(hosts.allows(URI.create("/recordings/a.wav"))).isFalse();
        assertThat(hosts.allows(URI.create("mailto:storage.vapi.ai"))).isFalse();
        assertThat(hosts.allows(null)).isFalse();
    }

    @Test
    void shouldRejectAllowlistEntriesThatAreNotHostNames() {
        // given / when / then
        assertThatThrownBy(() -> new RecordingHosts(List.of("https://storage.vapi.ai")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recording-hosts");
        assertThatThrownBy(() -> new RecordingHosts(List.of("storage.*.ai")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordingHosts(List.of("*.")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadSigV4ExpiryFromAmzDateAndExpires() {
        // given
        URI url = URI.create("https://bucket.s3.amazonaws.com/a.wav?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Date=20261122T073500Z&X-Amz-Expires=600&X-Amz-Signature=abc");

        // when / then
        assertThat(PresignedUrls.expiry(url))
                .isEqualTo(new PresignedUrls.ExpiresAt(Instant.parse("2026-11-22T07:45:00Z")));
    }

    @Test
    void shouldReadGcsV4ExpiryCaseInsensitively() {
        // given
        URI url = URI.create("https://storage.googleapis.com/b/a.wav?x-goog-date=20261122T000000Z"
                + "&x-goog-expires=3600&x-goog-signature=abc");

        // when / then
        assertThat(PresignedUrls.expiry(url))
                .isEqualTo(new PresignedUrls.ExpiresAt(Instant.parse("2026-11-22T01:00:00Z")));
    }

    @Test
    void shouldReadExpiresInUnixSeconds() {
        // given / when / then
        assertThat(PresignedUrls.expiry(URI.create("https://storage.vapi.ai/a.wav?Expires=1795000000&Signature=x")))
                .isEqualTo(new PresignedUrls.ExpiresAt(Instant.ofEpochSecond(1795000000)));
    }

    @Test
    void shouldTellUnsignedFromMalformedUrls() {
        // given / when / then
        assertThat(PresignedUrls.expiry(URI.create("https://storage.vapi.ai/a.wav")))
                .isEqualTo(new PresignedUrls.NoExpiry());
        assertThat(PresignedUrls.expiry(URI.create("https://s/a.wav?X-Amz-Date=yesterday&X-Amz-Expires=600")))
                .isEqualTo(new PresignedUrls.Malformed());
        assertThat(PresignedUrls.expiry(URI.create("https://s/a.wav?X-Amz-Date=20261122T000000Z")))
                .isEqualTo(new PresignedUrls.Malformed());
        assertThat(PresignedUrls.expiry(URI.create("https://s/a.wav?Expires=-5")))
                .isEqualTo(new PresignedUrls.Malformed());
        assertThat(PresignedUrls.expiry(URI.create("https://s/a.wav?X-Goog-Date=20261122T000000Z&X-Goog-Expires=soon")))
                .isEqualTo(new PresignedUrls.Malformed());
    }
}
