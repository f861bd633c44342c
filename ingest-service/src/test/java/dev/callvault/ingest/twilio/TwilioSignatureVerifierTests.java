package dev.callvault.ingest.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Twilio's official signature test vectors (twilio-java, {@code src/test/java/com/twilio/security/
 * RequestValidatorTest.java}) through the verifier the callback controller uses, and one-character changes that
 * must fail them.
 */
class TwilioSignatureVerifierTests {

    private static final String AUTH_TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private final TwilioSignatureVerifier verifier = new TwilioSignatureVerifier();

    @Test
    void shouldAcceptTwilioTestVector() {
        // given
        Map<String, String> params = params();

        // when
        boolean valid = verifier.isValid(AUTH_TOKEN, URL, params, SIGNATURE);

        // then
        assertThat(valid).isTrue();
    }

    @Test
    void shouldRejectTwilioIncorrectSignatureVector() {
        // given
        Map<String, String> params = params();

        // when
        boolean valid = verifier.isValid(AUTH_TOKEN, URL, params, "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=");

        // then
        assertThat(valid).isFalse();
    }

    @Test
    void shouldAcceptTwilioVectorsForExplicitAndImplicitPorts() {
        // given
        Map<String, String> params = params();

        // when / then: Twilio's vectors for removing and adding default ports
        assertThat(verifier.isValid(AUTH_TOKEN, URL.replace(".com", ".com:1234"), params, SIGNATURE)).isTrue();
        assertThat(verifier.isValid(AUTH_TOKEN, URL.replace(".com", ".com:1234").replace("https", "http"), params,
                "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")).isTrue();
        assertThat(verifier.isValid(AUTH_TOKEN, URL, params, "kvajT1Ptam85bY51eRf/AJRuM3w=")).isTrue();
        assertThat(verifier.isValid(AUTH_TOKEN, URL.replace("https", "http"), params,
                "0ZXoZLH/DfblKGATFgpif+LLRf4=")).isTrue();
    }

    @Test
    void shouldRejectOneCharacterChangeInUrl() {
        // given
        String url = URL.replace("foo=1", "foo=2");

        // when
        boolean valid = verifier.isValid(AUTH_TOKEN, url, params(), SIGNATURE);

        // then
        assertThat(valid).isFalse();
    }

    @Test
    void shouldRejectOneCharacterChangeInParameter() {
        // given
        Map<String, String> params = params();
        params.put("Digits", "1235");

        // when
        boolean valid = verifier.isValid(AUTH_TOKEN, URL, params, SIGNATURE);

        // then
        assertThat(valid).isFalse();
    }

    @Test
    void shouldRejectOneCharacterChangeInSignature() {
        // when
        boolean valid = verifier.isValid(AUTH_TOKEN, URL, params(), "RSOYDt4T1cUTdK1PDd93/VVr8B9=");

        // then
        assertThat(valid).isFalse();
    }

    @Test
    void shouldRejectAnotherAuthToken() {
        // when
        boolean valid = verifier.isValid("12346", URL, params(), SIGNATURE);

        // then
        assertThat(valid).isFalse();
    }

    @Test
    void shouldRejectMissingSignature() {
        // when / then
        assertThat(verifier.isValid(AUTH_TOKEN, URL, params(), null)).isFalse();
        assertThat(verifier.isValid(AUTH_TOKEN, URL, params(), "")).isFalse();
    }

    private static Map<String, String> params() {
        Map<String, String> params = new HashMap<>();
        params.put("Digits", "1234");
        params.put("CallSid", "CA1234567890ABCDE");
        params.put("To", "+18005551212");
        params.put("Caller", "+14158675309");
        params.put("From", "+14158675309");
        return params;
    }
}
