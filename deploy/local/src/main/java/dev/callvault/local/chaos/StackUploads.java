package dev.callvault.local.chaos;

import dev.callvault.events.RecordingIds;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.DevJwts;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Direct uploads to a running stack's storage-service, as a recorder or a dashboard sends them: {@code POST
 * /v1/recordings}, {@code multipart/form-data} (RFC 7578) with the call's fields and a real MP3
 * ({@link AudioFixtures#TWILIO_DUAL_CHANNEL_MP3}), a dev JWT of the demo tenant with {@code recordings:write}.
 */
final class StackUploads {

    /**
     * One upload.
     *
     * @param callId      the call id sent
     * @param recordingId its recording id, {@code RecordingIds.ofUpload(tenant, callId)}
     * @param sha256      SHA-256 of the bytes sent, lowercase hex
     * @param sizeBytes   their length
     */
    record Upload(String callId, UUID recordingId, String sha256, long sizeBytes) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String storageUrl;
    private final String token;
    private final byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

    /**
     * @param stack       the running stack's addresses
     * @param environment the operator's environment (the JWT secret)
     */
    StackUploads(Map<String, String> stack, OperatorEnvironment environment) {
        this.storageUrl = ChaosRun.required(stack, "storage-service.url");
        this.token = DevJwts.issue(environment.property("callvault.security.jwt.hmac-secret", LocalDefaults.JWT_SECRET),
                "callvault-chaos", LocalDefaults.TENANT, "recordings:write");
    }

    /** @return a new upload of a fresh call id (not sent yet) */
    Upload next() {
        String callId = "chaos-upload-" + UUID.randomUUID();
        return new Upload(callId, RecordingIds.ofUpload(LocalDefaults.TENANT, callId),
                AudioFixtures.sha256Hex(audio), audio.length);
    }

    /**
     * Sends an upload without waiting for its answer.
     *
     * @param upload the upload
     * @return its HTTP status once answered (the future fails if the service went away first)
     */
    CompletableFuture<Integer> send(Upload upload) {
        String boundary = "callvault-chaos-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map.of("callId", upload.callId(), "callEndedAt", "2026-12-01T10:00:08Z", "channels", "2")
                .forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; "
                        + "name=\"" + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"call.mp3\""
                + "\r\nContent-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(audio);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(storageUrl + "/v1/recordings"))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }
}
