package dev.callvault.ingest.telnyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.ingest.webhook.RecordingHostAllowlist;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Telnyx's recording host allowlist: the shared rules with Telnyx's S3 default. */
class TelnyxRecordingHostsTests {

    private static final String PROPERTY = "callvault.providers.telnyx.recording-hosts";

    /** The allowlist of callvault.providers.telnyx.recording-hosts when nothing is configured. */
    private static final RecordingHostAllowlist DEFAULT = new RecordingHostAllowlist(PROPERTY,
            defaults().recordingHosts());

    @Test
    void shouldDefaultToTelnyxsS3Hosts() {
        // when / then
        assertThat(defaults().recordingHosts()).containsExactly("s3.amazonaws.com", "*.s3.amazonaws.com");
    }

    @Test
    void shouldAdmitTelnyxsDocumentedS3Urls() {
        // when / then
        assertThat(DEFAULT.allows("https://s3.amazonaws.com/telephony-recorder-prod/047e057e/2022-02-04/"
                + "9977677e-1643974566.wav?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600")).isTrue();
        assertThat(DEFAULT.allows("https://telephony-recorder-prod.s3.amazonaws.com/a.mp3")).isTrue();
        assertThat(DEFAULT.allows("https://S3.AmazonAWS.com:443/telephony-recorder-prod/a.wav")).isTrue();
    }

    @Test
    void shouldRefuseOtherHostsSchemesAndShapes() {
        // when / then
        for (String url : new String[] {
                "https://s3.amazonaws.com.evil.example/a.wav",
                "https://evils3.amazonaws.com/a.wav",
                "https://s3.us-east-1.amazonaws.com/a.wav",
                "https://s3.amazonaws.com@evil.example/a.wav",
                "https://user@s3.amazonaws.com/a.wav",
                "http://telephony-recorder-prod.s3.amazonaws.com/a.wav",
                "ftp://s3.amazonaws.com/a.wav",
                "//s3.amazonaws.com/a.wav",
                "https://169.254.169.254/latest/meta-data/",
                "not a url",
                ""}) {
            assertThat(DEFAULT.allows(url)).as(url).isFalse();
        }
    }

    @Test
    void shouldAdmitPlainHttpOnlyForExactHosts() {
        // given a local simulator
        RecordingHostAllowlist hosts = new RecordingHostAllowlist(PROPERTY, List.of("127.0.0.1", "*.recordings.test"));

        // when / then
        assertThat(hosts.allows("http://127.0.0.1:8089/recordings/a.wav")).isTrue();
        assertThat(hosts.allows("https://eu.recordings.test/a.wav")).isTrue();
        assertThat(hosts.allows("http://eu.recordings.test/a.wav")).isFalse();
        assertThat(hosts.allows("https://recordings.test/a.wav")).isFalse();
    }

    @Test
    void shouldRefuseEntriesThatAreNotHostNames() {
        // when / then
        for (String entry : new String[] {"https://s3.amazonaws.com", "s3.amazonaws.com/bucket", "s3.amazonaws.com:443",
                "*s3.amazonaws.com", "s3.*.amazonaws.com", "*.", ".amazonaws.com"}) {
            assertThatThrownBy(() -> new RecordingHostAllowlist(PROPERTY, List.of(entry)))
                    .as(entry)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("callvault.providers.telnyx.recording-hosts");
        }
    }

    @Test
    void shouldShowOnlyTheHostOfAUrl() {
        // when / then
        assertThat(RecordingHostAllowlist.hostOf("https://S3.amazonaws.com/b/a.wav?X-Amz-Signature=secret"))
                .isEqualTo("s3.amazonaws.com");
        assertThat(RecordingHostAllowlist.hostOf("not a url")).doesNotContain("not a url");
    }

    private static TelnyxProviderProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("callvault.providers.telnyx", TelnyxProviderProperties.class);
    }
}
