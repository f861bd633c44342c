package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.RecordingIds;
import dev.callvault.local.testing.AudioFixtures;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Direct uploads as deployed: a recorder uploads through storage-service, simply (multipart) or resumably (tus 1.0,
 * interrupted after half), and the recording plays back byte for byte through playback-service's signed URL, which
 * knows it only from the {@code RecordingStored} (provider {@code UPLOAD}) that storage-service published.
 */
class UploadSystemTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @Test
    void shouldPlayBackASimpleUploadByteForByte() throws Exception {
        // given a recorder's MP3 uploaded as multipart form data (fields first, then the file)
        byte[] audio = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
        String callId = "recorder-call-" + UUID.randomUUID();
        String boundary = "callvault-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"callId\"\r\n\r\n" + callId
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"call.mp3\"\r\n"
                + "Content-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(audio);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        // when it is posted to storage-service with a recordings:write token
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(system.storage.baseUrl()
                        + "/v1/recordings"))
                .header("Authorization", "Bearer " + Playback.token("recorder", "recordings:write"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        // then it is created, and a signed URL plays exactly the uploaded bytes
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertPlaysBack(RecordingIds.ofUpload(SystemUnderTest.TENANT, callId), audio);
    }

    @Test
    void shouldPlayBackAResumableUploadInterruptedAfterHalf() throws Exception {
        // given a tus upload of a WAV recording created with its length and metadata (tus 1.0, "Creation")
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);
        String callId = "mobile-call-" + UUID.randomUUID();
        String token = "Bearer " + Playback.token("mobile-recorder", "recordings:write");
        HttpResponse<String> creation = HTTP.send(HttpRequest.newBuilder(URI.create(system.storage.baseUrl()
                        + "/v1/uploads"))
                .header("Authorization", token).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", String.valueOf(audio.length))
                .header("Upload-Metadata", "filename " + base64("call.wav") + ",filetype " + base64("audio/wav")
                        + ",callId " + base64(callId))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(creation.statusCode()).as(creation.body()).isEqualTo(201);
        URI upload = URI.create(system.storage.baseUrl())
                .resolve(creation.headers().firstValue("Location").orElseThrow());
        int half = audio.length / 2;

        // when the first half is sent, the connection "drops", the recorder asks for the offset and sends the rest
        assertThat(patch(upload, token, 0, Arrays.copyOfRange(audio, 0, half)).statusCode()).isEqualTo(204);
        HttpResponse<Void> offset = HTTP.send(HttpRequest.newBuilder(upload).header("Authorization", token)
                .header("Tus-Resumable", "1.0.0").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(offset.headers().firstValue("Upload-Offset")).contains(String.valueOf(half));
        HttpResponse<String> last = patch(upload, token, half, Arrays.copyOfRange(audio, half, audio.length));

        // then the upload completes, and a signed URL plays exactly the recorder's bytes
        assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
        assertThat(last.headers().firstValue("Upload-Offset")).contains(String.valueOf(audio.length));
        assertPlaysBack(RecordingIds.ofUpload(SystemUnderTest.TENANT, callId), audio);
    }

    private static HttpResponse<String> patch(URI upload, String token, long offset, byte[] bytes) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(upload).header("Authorization", token)
                .header("Tus-Resumable", "1.0.0").header("Upload-Offset", String.valueOf(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertPlaysBack(UUID recordingId, byte[] audio) throws Exception {
        Playback.awaitAvailable(system, recordingId, Duration.ofSeconds(60));
        HttpResponse<byte[]> played = HTTP.send(HttpRequest.newBuilder(Playback.mint(system, recordingId, "agent-ada"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(played.body()).isEqualTo(audio);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
