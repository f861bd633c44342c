package dev.callvault.storage.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/uploads}: tus 1.0 resumable uploads, with a standard client (tus-java-client) and raw requests; parts of
 * 5 MiB (IntegrationTestSupport).
 */
class TusUploadTests extends UploadTestSupport {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path temp;

    private static Map<String, String> metadata(String callId, String fileName, String fileType) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("callId", callId);
        metadata.put("callEndedAt", "2026-11-21T08:30:00Z");
        metadata.put("direction", "OUTBOUND");
        metadata.put("filename", fileName);
        metadata.put("filetype", fileType);
        return metadata;
    }

    private TusClient client(String token) throws IOException {
        TusClient client = new TusClient();
        client.setUploadCreationURL(URI.create("http://127.0.0.1:" + port + "/v1/uploads").toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void shouldResumeAnUploadStoppedHalfwayAndStoreItByteIdentical() throws Exception {
        // given: a 12 MiB MP3 (more than two 5 MiB parts) and a standard tus client
        String tenant = uniqueTenant();
        String token = token(tenant, "recordings:write");
        String callId = uniqueCallId();
        Path file = temp.resolve("long-call.mp3");
        String sha256 = AudioFixtures.writeLargeMp3(file, 12 * MIB);
        long size = Files.size(file);
        TusUpload upload = new TusUpload(file.toFile());
        upload.setMetadata(metadata(callId, "long-call.mp3", "audio/mpeg"));

        // when: half is sent, then the client stops
        TusUploader first = client(token).createUpload(upload);
        first.setChunkSize(256 * 1024);
        first.setRequestPayloadSize((int) (size / 2));
        while (first.getOffset() < size / 2) {
            first.uploadChunk();
        }
        first.finish(false);
        URL uploadUrl = first.getUploadURL();

        // then: the server holds the first half
        HttpResponse<String> head = tus("HEAD", uploadUrl.getPath(), token, Map.of(), null);
        assertThat(head.statusCode()).isIn(200, 204);
        assertThat(head.headers().firstValue("Upload-Offset")).contains(Long.toString(size / 2));

        // when: a new client resumes from the server's offset and completes
        TusUpload again = new TusUpload(file.toFile());
        again.setMetadata(metadata(callId, "long-call.mp3", "audio/mpeg"));
        TusUploader second = client(token).beginOrResumeUploadFromURL(again, uploadUrl);
        assertThat(second.getOffset()).isEqualTo(size / 2);
        second.setChunkSize(256 * 1024);
        while (second.uploadChunk() > -1) {
            // uploading
        }
        second.finish();

        // then: one recording, byte-identical, announced; the upload and its parts are gone
        UUID recordingId = recordingIdOf(tenant, callId);
        String objectKey = tenant + "/2026/11/21/" + recordingId + ".mp3";
        assertThat(new BucketContents(minio, BUCKET).sha256(objectKey)).isEqualTo(sha256);
        assertThat(statusOf(recordingId)).isEqualTo("AVAILABLE");
        assertThat(jdbc.queryForObject("SELECT size_bytes FROM recording WHERE id = ?", Long.class, recordingId))
                .isEqualTo(size);
        List<SpecificRecord> events = SharedInfrastructure.topics().read(Topics.RECORDING_STORED, recordingId, 1,
                Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        assertThat(((RecordingStored) events.getFirst()).getSha256()).isEqualTo(sha256);
        assertThat(((RecordingStored) events.getFirst()).getUploadedBy()).isEqualTo("user-" + tenant);
        assertThat(new BucketContents(minio, BUCKET).keys("uploads/" + lastSegment(uploadUrl) + "/")).isEmpty();
        assertThat(tus("HEAD", uploadUrl.getPath(), token, Map.of(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldKeepTheBytesOfARequestCutOffMidwayAndResumeFromThem() throws Exception {
        // given: a created upload of a real recording
        String tenant = uniqueTenant();
        String token = token(tenant, "recordings:write");
        String callId = uniqueCallId();
        byte[] audio = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
        String path = create(token, audio.length, metadata(callId, "conversation.mp3", "audio/mpeg"));

        // when: a PATCH announces every byte but the connection drops after 10000
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream"
                    + "\r\nContent-Length: " + audio.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(audio, 0, 10_000);
            out.flush();
        }

        // then: the server kept what arrived
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                tus("HEAD", path, token, Map.of(), null).headers().firstValue("Upload-Offset").orElse("")
                        .equals("10000"));

        // when: the rest is sent
        byte[] rest = java.util.Arrays.copyOfRange(audio, 10_000, audio.length);
        HttpResponse<String> patch = tus("PATCH", path, token, Map.of("Upload-Offset", "10000",
                "Content-Type", "application/offset+octet-stream"), rest);

        // then
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(204);
        UUID recordingId = recordingIdOf(tenant, callId);
        assertThat(new BucketContents(minio, BUCKET).sha256(tenant + "/2026/11/21/" + recordingId + ".mp3"))
                .isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(statusOf(recordingId)).isEqualTo("AVAILABLE");
    }

    @Test
    void shouldNeverReplaceAStoredRecordingThroughACreationSpelledWithMethodOverride() {
        // given a call whose recording was uploaded and stored
        String tenant = uniqueTenant();
        String token = token(tenant, "recordings:write");
        String callId = uniqueCallId();
        byte[] original = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String path = create(token, original.length, metadata(callId, "call.mp3", "audio/mpeg"));
        assertThat(tus("PATCH", path, token, Map.of("Upload-Offset", "0", "Content-Type",
                "application/offset+octet-stream"), original).statusCode()).isEqualTo(204);
        UUID recordingId = recordingIdOf(tenant, callId);
        String objectKey = tenant + "/2026/11/21/" + recordingId + ".mp3";
        String sha256 = AudioFixtures.sha256Hex(original);
        assertThat(new BucketContents(minio, BUCKET).sha256(objectKey)).isEqualTo(sha256);

        // when an attacker with recordings:write sends a second creation for the call as a POST overriding to POST,
        // and, if it is let through, other (still valid MP3) bytes
        byte[] forged = original.clone();
        for (int i = forged.length / 2; i < forged.length / 2 + 64; i++) {
            forged[i] ^= 0x55;
        }
        HttpResponse<String> creation = tus("POST", "/v1/uploads", token, Map.of("X-HTTP-Method-Override", "POST",
                "Upload-Length", Integer.toString(forged.length), "Upload-Metadata",
                encode(metadata(callId, "call.mp3", "audio/mpeg"))), null);
        if (creation.statusCode() == 201) {
            String forgedPath = URI.create(creation.headers().firstValue("Location").orElseThrow()).getPath();
            tus("PATCH", forgedPath, token, Map.of("Upload-Offset", "0", "Content-Type",
                    "application/offset+octet-stream"), forged);
        }

        // then the creation is refused as any second creation is, and the stored bytes are still the catalog's
        assertThat(creation.statusCode()).isEqualTo(409);
        assertThat(new BucketContents(minio, BUCKET).sha256(objectKey)).isEqualTo(sha256);
        assertThat(jdbc.queryForObject("SELECT sha256 FROM recording WHERE id = ?", String.class, recordingId))
                .isEqualTo(sha256);
    }

    @Test
    void shouldLeaveNothingWhenAnUploadIsTerminated() {
        // given: half an upload
        String tenant = uniqueTenant();
        String token = token(tenant, "recordings:write");
        String callId = uniqueCallId();
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String path = create(token, audio.length, metadata(callId, "call.mp3", "audio/mpeg"));
        assertThat(tus("PATCH", path, token, Map.of("Upload-Offset", "0", "Content-Type",
                "application/offset+octet-stream"), java.util.Arrays.copyOf(audio, 1000)).statusCode()).isEqualTo(204);
        assertThat(new BucketContents(minio, BUCKET).keys("uploads/" + lastSegment(path) + "/")).isNotEmpty();

        // when
        HttpResponse<String> deleted = tus("DELETE", path, token, Map.of(), null);

        // then
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(tus("HEAD", path, token, Map.of(), null).statusCode()).isEqualTo(404);
        assertThat(new BucketContents(minio, BUCKET).keys("uploads/" + lastSegment(path) + "/")).isEmpty();
        assertNothingLeft(tenant, recordingIdOf(tenant, callId));
    }

    @Test
    void shouldRefuseOnCompletionBytesThatAreNotAudio() {
        // given: text announced as an MP3
        String tenant = uniqueTenant();
        String token = token(tenant, "recordings:write");
        String callId = uniqueCallId();
        byte[] text = "plain text, not a recording at all, although it is named like one".getBytes(
                StandardCharsets.UTF_8);
        String path = create(token, text.length, metadata(callId, "call.mp3", "audio/mpeg"));

        // when
        HttpResponse<String> patch = tus("PATCH", path, token, Map.of("Upload-Offset", "0", "Content-Type",
                "application/offset+octet-stream"), text);

        // then
        assertThat(patch.statusCode()).isEqualTo(415);
        assertThat(patch.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(new BucketContents(minio, BUCKET).keys("uploads/" + lastSegment(path) + "/")).isEmpty();
        assertNothingLeft(tenant, recordingIdOf(tenant, callId));
    }

    @Test
    void shouldRefuseOnCompletionWavBytesDeclaredAsMp3() {
        // given
        String tenant = uniqueTenant();
        String token = token(tenant, "recordings:write");
        String callId = uniqueCallId();
        byte[] wav = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);
        String path = create(token, wav.length, metadata(callId, "call.mp3", "audio/mpeg"));

        // when
        HttpResponse<String> patch = tus("PATCH", path, token, Map.of("Upload-Offset", "0", "Content-Type",
                "application/offset+octet-stream"), wav);

        // then
        assertThat(patch.statusCode()).isEqualTo(415);
        assertNothingLeft(tenant, recordingIdOf(tenant, callId));
    }

    @Test
    void shouldRefuseCreationsOverTheLimitOrWithoutTheRightToken() {
        // given
        String callId = uniqueCallId();
        String tenant = uniqueTenant();
        Map<String, String> metadata = metadata(callId, "call.mp3", "audio/mpeg");

        // when
        HttpResponse<String> oversize = tus("POST", "/v1/uploads", token(SMALL_UPLOADS, "recordings:write"),
                Map.of("Upload-Length", "30000", "Upload-Metadata", encode(metadata)), null);
        HttpResponse<String> anonymous = tus("POST", "/v1/uploads", null,
                Map.of("Upload-Length", "1000", "Upload-Metadata", encode(metadata)), null);
        HttpResponse<String> readOnly = tus("POST", "/v1/uploads", token(tenant, "recordings:read"),
                Map.of("Upload-Length", "1000", "Upload-Metadata", encode(metadata)), null);
        HttpResponse<String> notAudio = tus("POST", "/v1/uploads", token(tenant, "recordings:write"),
                Map.of("Upload-Length", "1000", "Upload-Metadata", encode(metadata(callId, "notes.txt",
                        "text/plain"))), null);

        // then
        assertThat(oversize.statusCode()).isEqualTo(413);
        assertThat(oversize.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(notAudio.statusCode()).isEqualTo(415);
        assertNothingLeft(tenant, recordingIdOf(tenant, callId));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM upload WHERE recording_id = ?", Integer.class,
                recordingIdOf(SMALL_UPLOADS, callId))).isZero();
    }

    @Test
    void shouldAnswerAnotherTenantsUploadAsNotFound() {
        // given: an upload of one tenant
        String owner = uniqueTenant();
        String callId = uniqueCallId();
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String path = create(token(owner, "recordings:write"), audio.length, metadata(callId, "call.mp3",
                "audio/mpeg"));
        String intruder = token(uniqueTenant(), "recordings:write");

        // when
        HttpResponse<String> head = tus("HEAD", path, intruder, Map.of(), null);
        HttpResponse<String> patch = tus("PATCH", path, intruder, Map.of("Upload-Offset", "0", "Content-Type",
                "application/offset+octet-stream"), audio);
        HttpResponse<String> delete = tus("DELETE", path, intruder, Map.of(), null);

        // then: 404 each time, and the owner's upload is untouched
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(patch.statusCode()).isEqualTo(404);
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(tus("HEAD", path, token(owner, "recordings:write"), Map.of(), null).headers()
                .firstValue("Upload-Offset")).contains("0");
        assertThat(statusOf(recordingIdOf(owner, callId))).isNull();
    }

    @Test
    void shouldKeepTheCatalogAnsweringWhileFiftyUploadsAreInProgress() throws Exception {
        // given 50 created uploads of one tenant
        String tenant = uniqueTenant();
        String token = token(tenant, "recordings:write", "recordings:read");
        byte[] audio = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            paths.add(create(token, audio.length, metadata(uniqueCallId(), "conversation.mp3", "audio/mpeg")));
        }
        List<Socket> inProgress = new java.util.ArrayList<>();
        try {
            // when a PATCH of each is in progress at once (its headers and 1,000 bytes sent, the rest held back),
            // each holding its upload's lock
            for (String path : paths) {
                Socket socket = new Socket("127.0.0.1", port);
                inProgress.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                        + "Content-Type: application/offset+octet-stream\r\nContent-Length: " + audio.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(audio, 0, 1_000);
                out.flush();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted", Integer.class) >= 32);

            // then the catalog API still answers at once: the locks hold connections of their own pool, not the
            // service's (the stall this replaces lasted the main pool's 30 s connection timeout)
            long started = System.nanoTime();
            HttpResponse<String> list = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/recordings")).timeout(Duration.ofSeconds(60)).GET(), token);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        } finally {
            for (Socket socket : inProgress) {
                socket.close();
            }
        }
    }

    /** Creates an upload and answers its path. */
    private String create(String token, long length, Map<String, String> metadata) {
        HttpResponse<String> created = tus("POST", "/v1/uploads", token, Map.of("Upload-Length",
                Long.toString(length), "Upload-Metadata", encode(metadata)), null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Upload-Expires")).isPresent();
        return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
    }

    /** tus {@code Upload-Metadata}: comma-separated "key base64(value)" pairs (tus 1.0, "Creation"). */
    private static String encode(Map<String, String> metadata) {
        return metadata.entrySet().stream()
                .map(e -> e.getKey() + " " + Base64.getEncoder().encodeToString(e.getValue().getBytes(
                        StandardCharsets.UTF_8)))
                .collect(Collectors.joining(","));
    }

    private static String lastSegment(URL url) {
        return lastSegment(url.getPath());
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A raw tus request ({@code Tus-Resumable: 1.0.0}), with a bearer token unless {@code token} is null. */
    private HttpResponse<String> tus(String method, String path, String token, Map<String, String> headers,
            byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Tus-Resumable", "1.0.0")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request, token);
    }
}
