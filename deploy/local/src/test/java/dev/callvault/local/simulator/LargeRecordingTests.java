package dev.callvault.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.testing.AudioFixtures;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LargeRecordingTests {

    @Test
    void shouldServeTheLargeRecordingNamedByTheConversationIdAndReportItsProgress() throws Exception {
        // given the simulator and a 700 KB recording served at 1 MB/s
        LargeRecording recording = new LargeRecording(700_000, 1_000_000);
        String conversationId = recording.conversationId("test1");
        HttpClient http = HttpClient.newHttpClient();
        try (ProviderSimulator simulator = ProviderSimulator.start(0,
                ProviderSimulator.Credentials.from(new OperatorEnvironment(Map.of()), LocalDefaults.TENANT))) {

            // when the fetch worker's request for its audio is made
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                            + "/v1/convai/conversations/" + conversationId + "/audio"))
                    .header("xi-api-key", LocalDefaults.ELEVENLABS_API_KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());

            // then the bytes are the recording's (MP3 from the first byte), and the simulator reports them all sent
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(700_000);
            assertThat(AudioFixtures.sha256Hex(response.body())).isEqualTo(recording.sha256());
            // and they are the fixture's audio frames without its Info frame, which would give a browser the
            // fixture's seconds-long seek table
            byte[] fixture = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
            byte[] frames = Mp3Frames.withoutInfoFrame(fixture);
            try (InputStream bytes = recording.open()) {
                byte[] first = bytes.readNBytes(frames.length);
                assertThat(first).isEqualTo(frames);
                int firstFrame = Mp3Frames.Frame.parse(first).lengthBytes();
                assertThat(new String(first, 0, firstFrame, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .doesNotContain("Info").doesNotContain("Xing");
                assertThat(frames.length).isLessThan(fixture.length);
            }
            String progress = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                    + "/simulator/transfers/" + conversationId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(progress.replace(" ", "")).isEqualTo("{\"bytesSent\":700000}");
        }
        assertThat(LargeRecording.of("conv_ordinary")).isEmpty();
        assertThat(LargeRecording.of(conversationId)).contains(recording);
    }
}
