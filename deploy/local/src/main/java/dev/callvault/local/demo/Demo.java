package dev.callvault.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callvault.events.HttpDates;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.ElevenLabsWebhookSigner;
import dev.callvault.local.testing.TwilioWebhookSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Walks a running local stack through the recording path, as the providers and a dashboard would:
 *
 * <ol>
 *   <li>posts a Twilio recording status callback signed with the demo tenant's auth token (over
 *       {@code ingest.public-base-url}) and an ElevenLabs post-call webhook signed with its webhook secret; both must be
 *       answered 202;</li>
 *   <li>polls storage-service's {@code GET /v1/recordings/{id}} with a dev JWT until both recordings are
 *       {@code AVAILABLE}, and compares size and SHA-256 with the committed fixtures the simulator served;</li>
 *   <li>when playback-service runs: mints a playback URL ({@code POST /v1/recordings/{id}/playback-url}, 201), fetches
 *       {@code Range: bytes=100-1099} with curl (or the JDK client if curl is missing), checks 206 and the bytes against
 *       the fixture at that offset, and prints the URL to open in a browser.</li>
 * </ol>
 *
 * Addresses come from the stack file {@code up} wrote; credentials from the environment with the local defaults.
 */
public final class Demo {

    private static final Duration AVAILABLE_TIMEOUT = Duration.ofMinutes(2);
    /** First byte of the range the demo plays. */
    public static final int RANGE_FIRST = 100;
    /** Last byte (inclusive) of the range the demo plays. */
    public static final int RANGE_LAST = 1099;
    /** The {@code sub} of the demo's dashboard tokens: who the audit log says minted and played the URL. */
    public static final String SUBJECT = "callvault-demo";

    private final Map<String, String> stack;
    private final OperatorEnvironment environment;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final String tenant;

    /**
     * @param stack       the running stack's addresses ({@link dev.callvault.local.launcher.StackFile})
     * @param environment the operator's environment (credentials overriding the local defaults)
     * @param out         where progress is printed
     */
    public Demo(Map<String, String> stack, OperatorEnvironment environment, PrintStream out) {
        this.stack = stack;
        this.environment = environment;
        this.out = out;
        this.tenant = LocalDefaults.TENANT;
    }

    /**
     * What the demo did, for a caller that checks more (the end-to-end test reads the audit log).
     *
     * @param twilioRecordingId     the recording of the Twilio callback
     * @param elevenLabsRecordingId the recording of the ElevenLabs webhook
     * @param playbackUrl           the signed URL of the Twilio recording, or {@code null} without playback-service
     */
    public record Result(UUID twilioRecordingId, UUID elevenLabsRecordingId, String playbackUrl) {
    }

    /**
     * Runs the demo.
     *
     * @return what it did
     * @throws IllegalStateException at the first step that does not give the expected outcome
     */
    public Result run() {
        String storage = required("storage-service.url");
        String twilioSid = "RE" + hex(16);
        UUID twilioRecording = RecordingIds.of(tenant, Provider.TWILIO, twilioSid);
        postTwilioCallback(twilioSid);
        out.println("1. Twilio callback for " + twilioSid + " accepted (202): recording " + twilioRecording);

        String conversationId = "conv_" + hex(12);
        UUID elevenLabsRecording = RecordingIds.of(tenant, Provider.ELEVENLABS, conversationId);
        postElevenLabsWebhook(conversationId);
        out.println("2. ElevenLabs webhook for " + conversationId + " accepted (202): recording " + elevenLabsRecording);

        byte[] twilioAudio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        byte[] elevenLabsAudio = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
        awaitAvailable(storage, twilioRecording, twilioAudio);
        awaitAvailable(storage, elevenLabsRecording, elevenLabsAudio);

        String playback = stack.get("playback-service.url");
        if (playback == null) {
            out.println("4. playback-service is not running: no playback URL (build it and restart deploy/local/up)");
            return new Result(twilioRecording, elevenLabsRecording, null);
        }
        String url = playbackUrl(playback, twilioRecording);
        checkRange(url, twilioAudio);
        out.println("4. Playback URL minted; bytes " + RANGE_FIRST + "-" + RANGE_LAST
                + " fetched with a range request match the recording. Open it in a browser (valid for its TTL):");
        out.println(url);
        return new Result(twilioRecording, elevenLabsRecording, url);
    }

    private void postTwilioCallback(String recordingSid) {
        String accountSid = credential("twilio.account-sid", LocalDefaults.TWILIO_ACCOUNT_SID);
        String authToken = credential("twilio.auth-token", LocalDefaults.TWILIO_AUTH_TOKEN);
        String path = "/webhooks/twilio/" + tenant + "/recording-status";
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", accountSid);
        params.put("CallSid", "CA" + hex(16));
        params.put("RecordingSid", recordingSid);
        params.put("RecordingUrl", stripSlash(required("providers.twilio.api-base-url")) + "/2010-04-01/Accounts/"
                + accountSid + "/Recordings/" + recordingSid);
        params.put("RecordingStatus", "completed");
        params.put("RecordingDuration", "8");
        params.put("RecordingChannels", "2");
        params.put("RecordingSource", "DialVerb");
        params.put("RecordingStartTime", HttpDates.formatTwilio(Instant.now().minusSeconds(20)));
        params.put("ErrorCode", "0");
        String signature = TwilioWebhookSigner.signature(authToken,
                stripSlash(required("ingest.public-base-url")) + path, params);
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(required("ingest-service.url") + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        expect(response, 202, "the Twilio callback");
    }

    private void postElevenLabsWebhook(String conversationId) {
        String secret = credential("elevenlabs.webhook-secret", LocalDefaults.ELEVENLABS_WEBHOOK_SECRET);
        long now = Instant.now().getEpochSecond();
        byte[] body = """
                {"type": "post_call_transcription", "event_timestamp": %d,
                 "data": {"agent_id": "agent_demo", "conversation_id": "%s", "status": "done",
                          "has_audio": true, "has_user_audio": true, "has_response_audio": true,
                          "transcript": [{"role": "agent", "message": "Hello, this is the CallVault demo."}],
                          "metadata": {"start_time_unix_secs": %d, "call_duration_secs": 7}}}
                """.formatted(now, conversationId, now - 10).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(required("ingest-service.url") + "/webhooks/elevenlabs/" + tenant + "/post-call"))
                .header("Content-Type", "application/json")
                .header("ElevenLabs-Signature", ElevenLabsWebhookSigner.header(secret, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        expect(response, 202, "the ElevenLabs webhook");
    }

    private void awaitAvailable(String storage, UUID recordingId, byte[] expected) {
        Instant deadline = Instant.now().plus(AVAILABLE_TIMEOUT);
        String lastStatus = "not in the catalog";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                            URI.create(storage + "/v1/recordings/" + recordingId))
                    .header("Authorization", "Bearer " + token("recordings:read")).GET().build());
            if (response.statusCode() == 200) {
                JsonNode entry = readJson(response.body());
                lastStatus = entry.path("status").asText();
                if ("AVAILABLE".equals(lastStatus)) {
                    String sha256 = entry.path("sha256").asText();
                    long size = entry.path("sizeBytes").asLong();
                    if (!AudioFixtures.sha256Hex(expected).equals(sha256) || size != expected.length) {
                        throw new IllegalStateException("recording " + recordingId + " is stored with SHA-256 "
                                + sha256 + " and " + size + " bytes, not the fixture's");
                    }
                    out.println("3. " + recordingId + " is AVAILABLE: " + size + " bytes, SHA-256 " + sha256
                            + " (matches the fixture), object " + entry.path("objectKey").asText());
                    return;
                }
                if ("FAILED".equals(lastStatus) || "UNAVAILABLE".equals(lastStatus)) {
                    throw new IllegalStateException("recording " + recordingId + " is " + lastStatus + ": "
                            + entry.path("lastErrorCode").asText() + " " + entry.path("lastError").asText());
                }
            } else if (response.statusCode() != 404) {
                expect(response, 200, "storage-service");
            }
            sleep(500);
        }
        throw new IllegalStateException("recording " + recordingId + " was not AVAILABLE within " + AVAILABLE_TIMEOUT
                + " (last: " + lastStatus + "); see .local/logs/fetch-worker.log");
    }

    private String playbackUrl(String playback, UUID recordingId) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                            URI.create(playback + "/v1/recordings/" + recordingId + "/playback-url"))
                    .header("Authorization", "Bearer " + token("recordings:read"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            if (response.statusCode() == 201) {
                return readJson(response.body()).path("url").asText();
            }
            // playback-service's read model follows the topics asynchronously: 404 or 409 until it caught up
            if ((response.statusCode() != 404 && response.statusCode() != 409) || Instant.now().isAfter(deadline)) {
                expect(response, 201, "playback-service");
            }
            sleep(500);
        }
    }

    private void checkRange(String url, byte[] audio) {
        byte[] expected = Arrays.copyOfRange(audio, RANGE_FIRST, RANGE_LAST + 1);
        RangeResult result = curlAvailable() ? curlRange(url) : jdkRange(url);
        if (result.status() != 206 || !Arrays.equals(result.body(), expected)) {
            throw new IllegalStateException("the range request answered " + result.status() + " with "
                    + result.body().length + " bytes, not the recording's bytes " + RANGE_FIRST + "-" + RANGE_LAST);
        }
    }

    private record RangeResult(int status, byte[] body) {
    }

    private RangeResult curlRange(String url) {
        try {
            Path body = Files.createTempFile("callvault-demo-range", ".bin");
            try {
                Process curl = new ProcessBuilder(List.of("curl", "-sS", "-r", RANGE_FIRST + "-" + RANGE_LAST,
                        "-o", body.toString(), "-w", "%{http_code}", url)).redirectErrorStream(true).start();
                String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (curl.waitFor() != 0) {
                    throw new IllegalStateException("curl failed: " + status);
                }
                return new RangeResult(Integer.parseInt(status), Files.readAllBytes(body));
            } finally {
                Files.deleteIfExists(body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private RangeResult jdkRange(String url) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Range", "bytes=" + RANGE_FIRST + "-" + RANGE_LAST).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new RangeResult(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean curlAvailable() {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String token(String... scopes) {
        return DevJwts.issue(environment.property("callvault.security.jwt.hmac-secret", LocalDefaults.JWT_SECRET),
                SUBJECT, tenant, scopes);
    }

    private String credential(String key, String defaultValue) {
        return environment.property("callvault.tenants." + tenant + "." + key, defaultValue);
    }

    private String required(String key) {
        String value = stack.get(key);
        if (value == null) {
            throw new IllegalStateException("the running stack has no " + key + " (is deploy/local/up running?)");
        }
        return value;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri().getHost() + ":" + request.uri().getPort()
                    + " did not answer (is deploy/local/up running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + " instead of " + status
                    + ": " + response.body());
        }
    }

    private JsonNode readJson(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
