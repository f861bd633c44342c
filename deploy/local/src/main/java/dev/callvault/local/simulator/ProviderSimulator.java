package dev.callvault.local.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.testing.AudioFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays Twilio, ElevenLabs and Vapi for the local stack: an HTTP server (the JDK's {@code com.sun.net.httpserver}) that
 * answers the provider API calls the fetch worker makes with the committed speech recordings, for any recording of one
 * tenant, after checking that tenant's credentials the way each provider does.
 *
 * <ul>
 *   <li>Twilio, "Fetch a Recording's media file" (https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file):
 *       {@code GET|HEAD /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3|.wav}, HTTP Basic with the
 *       account SID and auth token; 401 with Twilio's error 20003 otherwise, 404 for another account or a
 *       {@code RecordingSid} that is not {@code RE} + 32 hex digits.</li>
 *   <li>ElevenLabs, "Get conversation audio"
 *       (https://elevenlabs.io/docs/api-reference/conversations/get-audio): {@code GET /v1/convai/conversations/{id}/audio},
 *       header {@code xi-api-key}; 401 otherwise.</li>
 *   <li>Vapi, "Get Call" (https://docs.vapi.ai/api-reference/calls/get): {@code GET /call/{id}},
 *       {@code Authorization: Bearer <api key>}; an ended call whose {@code recordingUrl} and
 *       {@code stereoRecordingUrl} (also under {@code artifact}) point to {@code GET /vapi-storage/{id}/mono.mp3} and
 *       {@code /stereo.mp3} here, which need no credentials, as Vapi's pre-signed storage URLs.</li>
 *   <li>A conversation id of the form {@code large-<bytes>-<bytesPerSecond>-<unique>} ({@link LargeRecording}) is
 *       served as a large recording at that rate, and {@code GET /simulator/transfers/{id}} answers
 *       {@code {"bytesSent": n}} for it: what fault tests watch to act in the middle of a download.</li>
 *   <li>{@code GET /actuator/health}: {@code {"status":"UP"}}.</li>
 * </ul>
 *
 * <p>Settings come from the environment, as for the services: {@code SERVER_PORT} (default 8089) and the tenant's
 * {@code CALLVAULT_TENANTS_<TENANT>_...} credentials, the tenant being {@code CALLVAULT_SIMULATOR_TENANT} (default
 * {@code demo}).
 */
public final class ProviderSimulator implements AutoCloseable {

    private static final Pattern TWILIO_MEDIA = Pattern.compile(
            "/2010-04-01/Accounts/([^/]+)/Recordings/([^/.]+)\\.(mp3|wav)");
    private static final Pattern TWILIO_RECORDING_SID = Pattern.compile("RE[0-9a-fA-F]{32}");
    private static final Pattern ELEVENLABS_AUDIO = Pattern.compile("/v1/convai/conversations/([A-Za-z0-9_-]{1,128})/audio");
    private static final Pattern VAPI_CALL = Pattern.compile("/call/([A-Za-z0-9_-]{1,128})");
    private static final Pattern TRANSFER = Pattern.compile("/simulator/transfers/([A-Za-z0-9_-]{1,128})");
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final Pattern VAPI_STORAGE = Pattern.compile("/vapi-storage/([A-Za-z0-9_-]{1,128})/(mono|stereo)\\.mp3");

    private final HttpServer server;
    private final Credentials credentials;
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> transfers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The credentials of the tenant the simulator serves.
     *
     * @param twilioAccountSid Twilio account SID
     * @param twilioAuthToken  Twilio auth token
     * @param elevenLabsApiKey ElevenLabs {@code xi-api-key}
     * @param vapiApiKey       Vapi API key (Bearer)
     */
    public record Credentials(String twilioAccountSid, String twilioAuthToken, String elevenLabsApiKey,
                              String vapiApiKey) {

        /**
         * Reads a tenant's credentials from the environment, with the local defaults.
         *
         * @param environment the environment
         * @param tenant      tenant id, e.g. {@code demo}
         * @return the credentials
         */
        public static Credentials from(OperatorEnvironment environment, String tenant) {
            String prefix = "callvault.tenants." + tenant + ".";
            return new Credentials(
                    environment.property(prefix + "twilio.account-sid", LocalDefaults.TWILIO_ACCOUNT_SID),
                    environment.property(prefix + "twilio.auth-token", LocalDefaults.TWILIO_AUTH_TOKEN),
                    environment.property(prefix + "elevenlabs.api-key", LocalDefaults.ELEVENLABS_API_KEY),
                    environment.property(prefix + "vapi.api-key", LocalDefaults.VAPI_API_KEY));
        }
    }

    private ProviderSimulator(HttpServer server, Credentials credentials) {
        this.server = server;
        this.credentials = credentials;
    }

    /**
     * Starts the simulator on 127.0.0.1.
     *
     * @param port        TCP port, or 0 for a free one
     * @param credentials the tenant's credentials
     * @return the running simulator
     * @throws IOException if the port cannot be bound
     */
    public static ProviderSimulator start(int port, Credentials credentials) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ProviderSimulator simulator = new ProviderSimulator(server, credentials);
        server.createContext("/", simulator::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return simulator;
    }

    /**
     * Runs the simulator until the process is stopped.
     *
     * @param args none
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        OperatorEnvironment environment = OperatorEnvironment.current();
        int port = Integer.parseInt(environment.property("server.port", String.valueOf(LocalDefaults.SIMULATOR_PORT)));
        String tenant = environment.property("callvault.simulator.tenant", LocalDefaults.TENANT);
        ProviderSimulator simulator = start(port, Credentials.from(environment, tenant));
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-stop"));
        System.out.println("Provider simulator for tenant " + tenant + " on " + simulator.baseUrl());
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            boolean head = "HEAD".equals(method);
            if (!"GET".equals(method) && !head) {
                json(exchange, 405, "{\"message\":\"method not allowed\"}");
                return;
            }
            log(exchange, path);
            Matcher matcher;
            if (path.equals("/actuator/health")) {
                json(exchange, 200, "{\"status\":\"UP\"}");
            } else if ((matcher = TWILIO_MEDIA.matcher(path)).matches()) {
                twilio(exchange, matcher.group(1), matcher.group(2), matcher.group(3), head);
            } else if ((matcher = ELEVENLABS_AUDIO.matcher(path)).matches()) {
                elevenLabs(exchange, matcher.group(1), head);
            } else if ((matcher = TRANSFER.matcher(path)).matches()) {
                java.util.concurrent.atomic.AtomicLong sent = transfers.get(matcher.group(1));
                json(exchange, 200, "{\"bytesSent\": " + (sent == null ? 0 : sent.get()) + "}");
            } else if ((matcher = VAPI_CALL.matcher(path)).matches()) {
                vapiCall(exchange, matcher.group(1));
            } else if ((matcher = VAPI_STORAGE.matcher(path)).matches()) {
                audio(exchange, "stereo".equals(matcher.group(2)) ? AudioFixtures.TWILIO_DUAL_CHANNEL_MP3
                        : AudioFixtures.ELEVENLABS_CONVERSATION_MP3, "audio/mpeg", head);
            } else {
                json(exchange, 404, "{\"message\":\"not found\"}");
            }
        }
    }

    private void twilio(HttpExchange exchange, String accountSid, String recordingSid, String extension, boolean head)
            throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.twilioAccountSid() + ":" + credentials.twilioAuthToken()).getBytes(StandardCharsets.UTF_8));
        if (!constantTimeEquals(exchange.getRequestHeaders().getFirst("Authorization"), expected)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            json(exchange, 401, "{\"code\": 20003, \"message\": \"Authenticate\", "
                    + "\"more_info\": \"https://www.twilio.com/docs/errors/20003\", \"status\": 401}");
            return;
        }
        if (!accountSid.equals(credentials.twilioAccountSid()) || !TWILIO_RECORDING_SID.matcher(recordingSid).matches()) {
            json(exchange, 404, "{\"code\": 20404, \"message\": \"The requested resource was not found\", "
                    + "\"more_info\": \"https://www.twilio.com/docs/errors/20404\", \"status\": 404}");
            return;
        }
        if ("wav".equals(extension)) {
            audio(exchange, AudioFixtures.TWILIO_DUAL_CHANNEL_WAV, "audio/x-wav", head);
        } else {
            audio(exchange, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3, "audio/mpeg", head);
        }
    }

    private void elevenLabs(HttpExchange exchange, String conversationId, boolean head) throws IOException {
        if (!constantTimeEquals(exchange.getRequestHeaders().getFirst("xi-api-key"), credentials.elevenLabsApiKey())) {
            json(exchange, 401, "{\"detail\": {\"status\": \"invalid_api_key\", \"message\": \"Invalid API key\"}}");
            return;
        }
        java.util.Optional<LargeRecording> large = LargeRecording.of(conversationId);
        if (large.isPresent()) {
            slowly(exchange, conversationId, large.get(), head);
        } else {
            audio(exchange, AudioFixtures.ELEVENLABS_CONVERSATION_MP3, "audio/mpeg", head);
        }
    }

    /** Serves a large recording in 64 KiB chunks, pausing so that it never runs ahead of its rate. */
    private void slowly(HttpExchange exchange, String id, LargeRecording recording, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "audio/mpeg");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(recording.sizeBytes()));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        transfers.put(id, sent);
        exchange.sendResponseHeaders(200, recording.sizeBytes());
        long started = System.nanoTime();
        byte[] chunk = new byte[CHUNK_BYTES];
        try (java.io.InputStream bytes = recording.open(); OutputStream body = exchange.getResponseBody()) {
            for (int read; (read = bytes.read(chunk)) > 0; ) {
                body.write(chunk, 0, read);
                long total = sent.addAndGet(read);
                long due = started + total * 1_000_000_000L / recording.bytesPerSecond();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while serving " + id, e);
        }
    }

    private void vapiCall(HttpExchange exchange, String callId) throws IOException {
        if (!constantTimeEquals(exchange.getRequestHeaders().getFirst("Authorization"),
                "Bearer " + credentials.vapiApiKey())) {
            json(exchange, 401, "{\"message\": \"Invalid Key. Hot tip, you may be using the private key instead of "
                    + "the public key, or vice versa.\", \"error\": \"Unauthorized\", \"statusCode\": 401}");
            return;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        String base = "http://" + (host == null ? "127.0.0.1:" + server.getAddress().getPort() : host);
        String mono = base + "/vapi-storage/" + callId + "/mono.mp3";
        String stereo = base + "/vapi-storage/" + callId + "/stereo.mp3";
        Instant ended = Instant.now().minusSeconds(5);
        json(exchange, 200, """
                {"id": "%s", "orgId": "org-demo", "type": "inboundPhoneCall", "status": "ended",
                 "endedReason": "customer-ended-call", "startedAt": "%s", "endedAt": "%s",
                 "recordingUrl": "%s", "stereoRecordingUrl": "%s",
                 "artifact": {"recordingUrl": "%s", "stereoRecordingUrl": "%s"}}
                """.formatted(callId, ended.minusSeconds(8), ended, mono, stereo, mono, stereo));
    }

    private static void audio(HttpExchange exchange, String fixture, String contentType, boolean head)
            throws IOException {
        byte[] bytes = AudioFixtures.bytes(fixture);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(bytes.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static boolean constantTimeEquals(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void log(HttpExchange exchange, String path) {
        if (!path.equals("/actuator/health") && !path.startsWith("/simulator/")) {
            URI uri = exchange.getRequestURI();
            System.out.println(Instant.now() + " " + exchange.getRequestMethod() + " " + uri.getRawPath());
        }
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
    }
}
