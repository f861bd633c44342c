package dev.callvault.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.testing.AudioFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator plays Telnyx's recordings API and its pre-signed storage: the record needs the tenant's API key, its
 * download URLs serve the audio while their signature time is valid and 403 after.
 */
class TelnyxSimulationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ProviderSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = ProviderSimulator.start(0, new ProviderSimulator.Credentials(LocalDefaults.TWILIO_ACCOUNT_SID,
                LocalDefaults.TWILIO_AUTH_TOKEN, LocalDefaults.ELEVENLABS_API_KEY, LocalDefaults.VAPI_API_KEY,
                "unit-telnyx-key"));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void shouldAnswerTheRecordWithFreshDownloadUrlsOnlyToTheTenantsApiKey() throws Exception {
        // given a recording id
        String recordingId = UUID.randomUUID().toString();

        // when its record is asked for with another key, then with the tenant's
        HttpResponse<String> refused = get("/v2/recordings/" + recordingId, "Bearer wrong-key");
        HttpResponse<String> record = get("/v2/recordings/" + recordingId, "Bearer unit-telnyx-key");

        // then only the tenant's key gets it, and its WAV download URL serves the dual-channel fixture
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(record.statusCode()).isEqualTo(200);
        Matcher wav = Pattern.compile("\"wav\": \"([^\"]+)\"").matcher(record.body());
        assertThat(wav.find()).as(record.body()).isTrue();
        HttpResponse<byte[]> audio = HTTP.send(HttpRequest.newBuilder(URI.create(wav.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(audio.statusCode()).isEqualTo(200);
        assertThat(audio.body()).isEqualTo(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_WAV));
    }

    @Test
    void shouldRefuseAnExpiredOrUnsignedStorageUrl() throws Exception {
        // given URLs signed an hour ago for ten minutes, and one without signature parameters
        String recordingId = UUID.randomUUID().toString();
        String expired = ProviderSimulator.telnyxStorageUrl(simulator.baseUrl(), recordingId, "wav",
                Instant.now().minus(Duration.ofHours(1)));

        // when they are requested, then the storage answers 403 like S3
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(expired)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
        assertThat(get("/telnyx-storage/" + recordingId + ".wav", null).statusCode()).isEqualTo(403);
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
