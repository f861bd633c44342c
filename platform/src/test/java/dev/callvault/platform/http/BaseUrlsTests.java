package dev.callvault.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BaseUrlsTests {

    @Test
    void shouldKeepRequestsUnderTheBaseUrl() {
        // given a provider base URL, and one with a path prefix (the local simulator)
        URI base = URI.create("https://api.twilio.com");
        URI prefixed = URI.create("http://127.0.0.1:8089/twilio/");

        // when paths are resolved and URLs checked, then only URLs under the base are accepted
        assertThat(BaseUrls.resolve(base, "/2010-04-01/Accounts/AC1/Recordings/RE1.mp3"))
                .isEqualTo(URI.create("https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1.mp3"));
        assertThat(BaseUrls.resolve(prefixed, "/v1/x")).isEqualTo(URI.create("http://127.0.0.1:8089/twilio/v1/x"));
        assertThat(BaseUrls.isUnder(base, URI.create("https://API.twilio.com:443/x"))).isTrue();
        assertThat(BaseUrls.isUnder(base, URI.create("https://evil.example/x"))).isFalse();
        assertThat(BaseUrls.isUnder(base, URI.create("http://api.twilio.com/x"))).isFalse();
        assertThat(BaseUrls.isUnder(base, URI.create("https://api.twilio.com:8443/x"))).isFalse();
        assertThat(BaseUrls.isUnder(base, URI.create("https://user@api.twilio.com/x"))).isFalse();
        assertThat(BaseUrls.isUnder(prefixed, URI.create("http://127.0.0.1:8089/elevenlabs/v1/x"))).isFalse();
        assertThat(BaseUrls.isUnder(prefixed, URI.create("http://127.0.0.1:8089/twilio-other/x"))).isFalse();
        assertThatThrownBy(() -> BaseUrls.resolve(prefixed, "/../elevenlabs/v1/x"))
                .isInstanceOf(IllegalArgumentException.class);
    }


    @Test
    void shouldAcceptAProviderPagingLinkWithTheDefaultPortSpelledOut() {
        // given Twilio's base URL, and a next-page link that spells out port 443
        URI base = URI.create("https://api.twilio.com");

        // when / then it is the same origin (RFC 3986 section 6.2.3), and a link to another path prefix is refused
        assertThat(BaseUrls.isUnder(base, URI.create("https://api.twilio.com:443/2010-04-01/Accounts/AC1/Recordings.json?Page=1")))
                .isTrue();
        assertThat(BaseUrls.isUnder(URI.create("https://api.twilio.com/2010-04-01"),
                URI.create("https://api.twilio.com/2010-04-01/../v1/x"))).isFalse();
    }
}
