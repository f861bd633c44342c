package dev.callvault.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recording URLs are admitted by parsed host against exact entries and {@code *.suffix} entries, https first. */
class RecordingHostAllowlistTests {

    private static final String PROPERTY = "callvault.providers.vapi.recording-hosts";

    private final RecordingHostAllowlist allowlist = new RecordingHostAllowlist(PROPERTY,
            List.of("storage.vapi.ai", " *.Recordings.Example ", "127.0.0.1", ""));

    @ParameterizedTest
    @ValueSource(strings = {
            "https://storage.vapi.ai/0f1e-stereo.wav",
            "https://STORAGE.vapi.ai:443/0f1e-stereo.wav?X-Amz-Expires=3600&X-Amz-Signature=ab",
            "https://eu.recordings.example/call/1.wav",
            "https://a.b.recordings.example/call/1.wav",
            "http://127.0.0.1:8089/vapi-storage/call-1/stereo.mp3",
            "http://storage.vapi.ai/0f1e-stereo.wav"})
    void shouldAllowUrlsOnListedHosts(String url) {
        // when / then
        assertThat(allowlist.allows(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://storage.vapi.ai.evil.example/0f1e-stereo.wav",
            "https://evil.example/storage.vapi.ai/0f1e-stereo.wav",
            "https://storage.vapi.ai@evil.example/0f1e-stereo.wav",
            "https://user@storage.vapi.ai/0f1e-stereo.wav",
            "https://recordings.example/call/1.wav",
            "https://evilrecordings.example/call/1.wav",
            "http://eu.recordings.example/call/1.wav",
            "ftp://storage.vapi.ai/0f1e-stereo.wav",
            "file:///etc/passwd",
            "//storage.vapi.ai/0f1e-stereo.wav",
            "/0f1e-stereo.wav",
            "https://storage.vapi.ai/a b.wav",
            "http://127.0.0.2:8089/vapi-storage/call-1/stereo.mp3"})
    void shouldRefuseUrlsElsewhere(String url) {
        // when / then
        assertThat(allowlist.allows(url)).isFalse();
    }

    @Test
    void shouldRefuseEntriesThatAreNotHosts() {
        // when / then
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordingHostAllowlist(PROPERTY,
                List.of("https://storage.vapi.ai")));
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordingHostAllowlist(PROPERTY, List.of("storage.*.ai")));
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordingHostAllowlist(PROPERTY, List.of("*.")));
    }
}
