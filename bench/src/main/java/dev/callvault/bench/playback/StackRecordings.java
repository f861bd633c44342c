package dev.callvault.bench.playback;

import dev.callvault.bench.BenchStack;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.simulator.LargeRecording;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.ElevenLabsWebhookSigner;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recordings of the bench stack, made the way a real one arrives: the provider simulator serves a large ElevenLabs
 * conversation ({@link LargeRecording}, {@code large-<bytes>-<bytesPerSecond>-<unique>}: real MP3 frames repeated),
 * ingest-service gets its signed post-call webhook, fetch-worker streams it into the bucket, storage-service and
 * playback-service mark it {@code AVAILABLE}. Then the three ways to read it: CallVault's signed URL
 * ({@code POST /v1/recordings/{id}/playback-url} with a dev JWT), a presigned S3 GET on the same object (MinIO client,
 * AWS SigV4 query parameters), and the same bytes written to a file for nginx.
 */
public final class StackRecordings {

    /** Rate the simulator serves a recording at when the benchmark does not measure the fetch: 2 GB/s. */
    public static final long UNTHROTTLED_BYTES_PER_SECOND = 2_000_000_000L;

    private static final Map<Long, Stored> BY_SIZE = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BenchStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String readToken;

    /**
     * A recording stored by the stack.
     *
     * @param recordingId    the recording id
     * @param conversationId the ElevenLabs conversation id the simulator served it under
     * @param objectKey      its key in the bucket
     * @param sizeBytes      its size, bytes
     * @param sha256         SHA-256 of its bytes, lowercase hex (from the catalog, checked against the source)
     * @param source         the bytes the simulator served
     * @param arrival        from the webhook's 202 until playback-service had it {@code AVAILABLE} (polled every
     *                       250 ms)
     */
    public record Stored(UUID recordingId, String conversationId, String objectKey, long sizeBytes, String sha256,
                         LargeRecording source, Duration arrival) {
    }

    /**
     * @param stack the run's stack
     */
    public StackRecordings(BenchStack stack) {
        this.stack = stack;
        this.readToken = DevJwts.issue(property("callvault.security.jwt.hmac-secret", LocalDefaults.JWT_SECRET),
                "callvault-bench", LocalDefaults.TENANT, Duration.ofHours(3), "recordings:read");
    }

    /**
     * A recording of this size, made once per run and shared by the scenarios (served unthrottled).
     *
     * @param sizeBytes its size, bytes
     * @param timeout   how long it may take to become {@code AVAILABLE}
     * @return the stored recording
     * @throws IllegalStateException if it is not {@code AVAILABLE} in time, or its bytes differ from the source's
     */
    public Stored ofSize(long sizeBytes, Duration timeout) {
        return BY_SIZE.computeIfAbsent(sizeBytes, size -> create(new LargeRecording(size,
                UNTHROTTLED_BYTES_PER_SECOND), timeout));
    }

    /**
     * Makes a new recording through the whole stack and waits until playback-service can stream it.
     *
     * @param recording its size and the rate the simulator serves it at
     * @param timeout   how long it may take to become {@code AVAILABLE}
     * @return the stored recording
     * @throws IllegalStateException if the webhook is refused, the fetch fails or times out, or the stored SHA-256
     *                               differs from the source's
     */
    public Stored create(LargeRecording recording, Duration timeout) {
        String conversationId = recording.conversationId(Long.toHexString(System.nanoTime()));
        UUID recordingId = RecordingIds.of(LocalDefaults.TENANT, Provider.ELEVENLABS, conversationId);
        int status = postCallWebhook(conversationId);
        if (status != 202) {
            throw new IllegalStateException("ingest-service answered " + status + " to the post-call webhook");
        }
        long accepted = System.nanoTime();
        JsonNode entry = awaitAvailable(recordingId, timeout);
        Duration arrival = Duration.ofNanos(System.nanoTime() - accepted);
        String expected = recording.sha256();
        if (!expected.equals(entry.path("sha256").asString())) {
            throw new IllegalStateException("recording " + recordingId + " was stored with another SHA-256");
        }
        return new Stored(recordingId, conversationId, entry.path("objectKey").asString(),
                entry.path("sizeBytes").asLong(), expected, recording,
                arrival);
    }

    /**
     * Waits until the catalog and playback-service's read model have the recording {@code AVAILABLE}.
     *
     * @param recordingId the recording
     * @param timeout     how long to wait
     * @return the catalog entry ({@code GET /v1/recordings/{id}} of storage-service)
     * @throws IllegalStateException if it becomes {@code FAILED} or is not available in time
     */
    public JsonNode awaitAvailable(UUID recordingId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String storage = stack.addresses().get("storage-service.url");
        String playback = stack.addresses().get("playback-service.url");
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> catalog = get(storage + "/v1/recordings/" + recordingId);
            if (catalog.statusCode() == 200) {
                JsonNode entry = JSON.readTree(catalog.body());
                String status = entry.path("status").asString();
                if (status.equals("FAILED") || status.equals("UNAVAILABLE")) {
                    throw new IllegalStateException("recording " + recordingId + " ended " + status + ": "
                            + entry.path("lastError").asString());
                }
                HttpResponse<String> availability = get(playback + "/v1/recordings/" + recordingId + "/availability");
                if (status.equals("AVAILABLE") && availability.statusCode() == 200
                        && JSON.readTree(availability.body()).path("available").asBoolean()) {
                    return entry;
                }
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("recording " + recordingId + " was not AVAILABLE within " + timeout);
    }

    /**
     * Mints CallVault's signed stream URL for a dashboard user of tenant {@code demo}.
     *
     * @param recordingId the recording
     * @param ttl         validity of the URL (at most {@code callvault.playback.max-url-ttl}, 24 h by default)
     * @return {@code <playback-service>/v1/streams/<id>?exp=&kid=&sub=&sig=}
     * @throws IllegalStateException if playback-service does not answer 201
     */
    public URI signedUrl(UUID recordingId, Duration ttl) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(
                        stack.addresses().get("playback-service.url") + "/v1/recordings/" + recordingId
                                + "/playback-url"))
                .header("Authorization", "Bearer " + readToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttlSeconds\": " + ttl.toSeconds() + "}")).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("playback-url answered " + response.statusCode());
        }
        return URI.create(JSON.readTree(response.body()).path("url").asString());
    }

    /**
     * A presigned GET of the object straight on the S3 server (AWS SigV4 in query parameters).
     *
     * @param objectKey the object
     * @param ttl       validity of the URL (at most 7 days)
     * @return the URL
     * @throws IllegalStateException if the MinIO client cannot sign it
     */
    public URI presignedGet(String objectKey, Duration ttl) {
        MinioClient client = MinioClient.builder().endpoint(stack.addresses().get("s3.endpoint"))
                .credentials(property("callvault.storage.s3.access-key", LocalDefaults.S3_ACCESS_KEY),
                        property("callvault.storage.s3.secret-key", LocalDefaults.S3_SECRET_KEY))
                .region(LocalDefaults.S3_REGION).build();
        try {
            return URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET).bucket(property("callvault.storage.s3.bucket", LocalDefaults.BUCKET))
                    .object(objectKey).expiry((int) ttl.toSeconds()).build()));
        } catch (MinioException e) {
            throw new IllegalStateException("cannot presign the object", e);
        }
    }

    /**
     * Writes the recording's bytes to a file (for nginx), streaming, and checks their SHA-256 against the stored one.
     *
     * @param stored the recording
     * @param file   the file to create or replace
     * @throws IOException           if it cannot be written
     * @throws IllegalStateException if the bytes differ from the stored ones
     */
    public static void writeFile(Stored stored, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(stored.source().open(), digest);
             OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
        if (!HexFormat.of().formatHex(digest.digest()).equals(stored.sha256())) {
            throw new IllegalStateException(file + " differs from the stored recording");
        }
    }

    /** ElevenLabs' post-call webhook (post_call_transcription with audio), signed with the tenant's secret. */
    private int postCallWebhook(String conversationId) {
        long now = Instant.now().getEpochSecond();
        byte[] body = ("{\"type\":\"post_call_transcription\",\"event_timestamp\":" + now + ",\"data\":{"
                + "\"agent_id\":\"agent_bench\",\"conversation_id\":\"" + conversationId + "\","
                + "\"status\":\"done\",\"has_audio\":true,\"transcript\":[],"
                + "\"metadata\":{\"start_time_unix_secs\":" + (now - 60) + ",\"call_duration_secs\":60}}}")
                .getBytes(StandardCharsets.UTF_8);
        String secret = property("callvault.tenants." + LocalDefaults.TENANT + ".elevenlabs.webhook-secret",
                LocalDefaults.ELEVENLABS_WEBHOOK_SECRET);
        return send(HttpRequest.newBuilder(URI.create(stack.addresses().get("ingest-service.url")
                        + "/webhooks/elevenlabs/" + LocalDefaults.TENANT + "/post-call"))
                .header("Content-Type", "application/json")
                .header("ElevenLabs-Signature", ElevenLabsWebhookSigner.header(secret, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()).statusCode();
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + readToken)
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("no answer from " + request.uri().getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String property(String name, String fallback) {
        OperatorEnvironment environment = stack.environment();
        return environment.property(name, fallback);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
