package dev.callvault.ingest.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recording URLs are compared to the API base URL component by component, not by string prefix. */
class RecordingUrlPolicyTests {

    private final RecordingUrlPolicy twilio = new RecordingUrlPolicy(URI.create("https://api.twilio.com"));
    private final RecordingUrlPolicy simulator = new RecordingUrlPolicy(URI.create("http://127.0.0.1:8089/twilio/"));

    @ParameterizedTest
    @ValueSource(strings = {
            "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1",
            "https://API.Twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1",
            "HTTPS://api.twilio.com:443/2010-04-01/Accounts/AC1/Recordings/RE1.mp3?RequestedChannels=2"})
    void shouldAllowUrlsUnderTheBase(String url) {
        // when / then
        assertThat(twilio.allows(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://api.twilio.com.evil.example/2010-04-01/Recordings/RE1",
            "https://evil.example/api.twilio.com/Recordings/RE1",
            "https://api.twilio.com@evil.example/Recordings/RE1",
            "https://x@api.twilio.com/Recordings/RE1",
            "http://api.twilio.com/Recordings/RE1",
            "https://api.twilio.com:444/Recordings/RE1",
            "https://api.twilio.com",
            "https://api.twilio.com/",
            "https://api.twilio.com/a/../../etc",
            "https://api.twilio.com/a/%2e%2e/etc",
            "https://api.twilio.com/a%2fb",
            "//api.twilio.com/Recordings/RE1",
            "/2010-04-01/Recordings/RE1",
            "ftp://api.twilio.com/Recordings/RE1",
            "https://api.twilio.com:bad/Recordings",
            "https://api twilio.com/Recordings"})
    void shouldRefuseUrlsOutsideTheBase(String url) {
        // when / then
        assertThat(twilio.allows(url)).isFalse();
    }

    @Test
    void shouldCompareBasePathBySegments() {
        // when / then: the base http://127.0.0.1:8089/twilio/
        assertThat(simulator.allows("http://127.0.0.1:8089/twilio/2010-04-01/Recordings/RE1")).isTrue();
        assertThat(simulator.allows("http://127.0.0.1:8089/twilio-evil/2010-04-01/Recordings/RE1")).isFalse();
        assertThat(simulator.allows("http://127.0.0.1:8089/other/twilio/RE1")).isFalse();
        assertThat(simulator.allows("http://127.0.0.1:80/twilio/RE1")).isFalse();
        assertThat(simulator.allows("http://localhost:8089/twilio/RE1")).isFalse();
    }

    @Test
    void shouldRefuseBaseUrlWithoutHost() {
        // when / then
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordingUrlPolicy(URI.create("file:///tmp")));
    }
}
