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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays Twilio, ElevenLabs, Vapi and Telnyx for the local stack: an HTTP server (the JDK's {@code com.sun.net.httpserver}) that
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
 *   <li>Telnyx, "Retrieve a call recording"
 *       (https://developers.telnyx.com/api-reference/call-recordings/retrieve-a-call-recording):
 *       {@code GET /v2/recordings/{id}}, {@code Authorization: Bearer <api key>}; the recording's record whose
 *       {@code download_urls} point to {@code GET|HEAD /telnyx-storage/{id}.wav} and {@code .mp3} here, pre-signed
 *       like S3's ({@code X-Amz-Date}, {@code X-Amz-Expires}; 403 once expired or without them), as Telnyx's
 *       recording URLs are. The demo and the tests point their {@code call.recording.saved} webhooks at the same
 *       storage.</li>
 *   <li>Twilio, "Read multiple Recording resources": {@code GET /2010-04-01/Accounts/{AccountSid}/Recordings.json},
 *       ElevenLabs, "List conversations": {@code GET /v1/convai/conversations} and Telnyx, "List all call
 *       recordings": {@code GET /v2/recordings} ({@code filter[created_at][gte]}, {@code page[number]},
 *       {@code page[size]}), with the same credentials: the recordings served so far (Telnyx: whose record or storage
 *       was requested) plus the configured missed ones ({@link ProviderListings}), for storage-service's
 *       reconciliation.</li>
 *   <li>A conversation id of the form {@code large-<bytes>-<bytesPerSecond>-<unique>} ({@link LargeRecording}) is
 *       served as a large recording at that rate, and {@code GET /simulator/transfers/{id}} answers
 *       {@code {"bytesSent": n}} for it: what fault tests watch to act in the middle of a download.</li>
 *   <li>{@code GET /actuator/health}: {@code {"status":"UP"}}.</li>
 * </ul>
 *
 * <p>Settings come from the environment, as for the services: {@code SERVER_PORT} (default 8089) and the tenant's
 * {@code CALLVAULT_TENANTS_<TENANT>_...} credentials, the tenant being {@code CALLVAULT_SIMULATOR_TENANT} (default
 * {@code demo}); recordings whose webhook never came, listed but never announced, are
 * {@code CALLVAULT_SIMULATOR_MISSED_TWILIO_RECORDINGS} (comma-separated RecordingSids, {@code RE} + 32 hex digits),
 * {@code CALLVAULT_SIMULATOR_MISSED_ELEVENLABS_CONVERSATIONS} (comma-separated conversation ids) and
 * {@code CALLVAULT_SIMULATOR_MISSED_TELNYX_RECORDINGS} (comma-separated Telnyx recording ids); none by default.
 */
public final class ProviderSimulator implements AutoCloseable {

    private static final Pattern TWILIO_MEDIA = Pattern.compile(
            "/2010-04-01/Accounts/([^/]+)/Recordings/([^/.]+)\\.(mp3|wav)");
    private static final Pattern TWILIO_RECORDING_SID = Pattern.compile("RE[0-9a-fA-F]{32}");
    private static final Pattern ELEVENLABS_AUDIO = Pattern.compile("/v1/convai/conversations/([A-Za-z0-9_-]{1,128})/audio");
    private static final Pattern VAPI_CALL = Pattern.compile("/call/([A-Za-z0-9_-]{1,128})");
    private static final Pattern TWILIO_LIST = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Recordings\\.json");
    private static final String ELEVENLABS_LIST = "/v1/convai/conversations";
    private static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern TRANSFER = Pattern.compile("/simulator/transfers/([A-Za-z0-9_-]{1,128})");
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final Pattern VAPI_RECORDING = Pattern.compile(
            "/call/([A-Za-z0-9_-]{1,128})/(mono|stereo)-recording");
    private static final Pattern VAPI_STORAGE = Pattern.compile("/vapi-storage/([A-Za-z0-9_-]{1,128})/(mono|stereo)\\.mp3");
    /** {@code X-Amz-Date}'s form (AWS Signature Version 4): basic ISO 8601 date and time in UTC. */
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern TELNYX_RECORDING = Pattern.compile("/v2/recordings/([A-Za-z0-9-]{1,64})");
    private static final String TELNYX_LIST = "/v2/recordings";
    private static final Pattern TELNYX_RECORDING_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern TELNYX_STORAGE = Pattern.compile("/telnyx-storage/([A-Za-z0-9-]{1,64})\\.(wav|mp3)");

    private final HttpServer server;
    private final Credentials credentials;
    private final ProviderListings listings;
    private final Map<String, java.util.concurrent.atomic.AtomicLong> transfers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The credentials of the tenant the simulator serves.
     *
     * @param twilioAccountSid Twilio account SID
     * @param twilioAuthToken  Twilio auth token
     * @param elevenLabsApiKey ElevenLabs {@code xi-api-key}
     * @param vapiApiKey       Vapi API key (Bearer)
     * @param telnyxApiKey     Telnyx API v2 key (Bearer)
     */
    public record Credentials(String twilioAccountSid, String twilioAuthToken, String elevenLabsApiKey,
                              String vapiApiKey, String telnyxApiKey) {

        /**
         * Credentials with the local stack's Telnyx key.
         *
         * @param twilioAccountSid Twilio account SID
         * @param twilioAuthToken  Twilio auth token
         * @param elevenLabsApiKey ElevenLabs {@code xi-api-key}
         * @param vapiApiKey       Vapi API key (Bearer)
         */
        public Credentials(String twilioAccountSid, String twilioAuthToken, String elevenLabsApiKey,
                           String vapiApiKey) {
            this(twilioAccountSid, twilioAuthToken, elevenLabsApiKey, vapiApiKey, LocalDefaults.TELNYX_API_KEY);
        }

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
                    environment.property(prefix + "vapi.api-key", LocalDefaults.VAPI_API_KEY),
                    environment.property(prefix + "telnyx.api-key", LocalDefaults.TELNYX_API_KEY));
        }
    }

    /**
     * Recordings the providers list although their webhook never came.
     *
     * @param twilioRecordingSids       Twilio RecordingSids ({@code RE} + 32 hex digits)
     * @param elevenLabsConversationIds ElevenLabs conversation ids
     * @param telnyxRecordingIds        Telnyx recording ids ({@code [A-Za-z0-9-]{1,64}}, UUIDs at Telnyx)
     */
    public record MissedRecordings(List<String> twilioRecordingSids, List<String> elevenLabsConversationIds,
                                   List<String> telnyxRecordingIds) {

        /** No missed recordings. */
        public static final MissedRecordings NONE = new MissedRecordings(List.of(), List.of(), List.of());

        /**
         * @throws IllegalArgumentException if a RecordingSid, conversation id or Telnyx recording id is malformed
         */
        public MissedRecordings {
            twilioRecordingSids = List.copyOf(twilioRecordingSids);
            elevenLabsConversationIds = List.copyOf(elevenLabsConversationIds);
            telnyxRecordingIds = List.copyOf(telnyxRecordingIds);
            telnyxRecordingIds.stream().filter(id -> !TELNYX_RECORDING_ID.matcher(id).matches()).findAny()
                    .ifPresent(id -> {
                        throw new IllegalArgumentException("not a Telnyx recording id: " + id);
                    });
            twilioRecordingSids.stream().filter(sid -> !TWILIO_RECORDING_SID.matcher(sid).matches()).findAny()
                    .ifPresent(sid -> {
                        throw new IllegalArgumentException("not a Twilio RecordingSid: " + sid);
                    });
            elevenLabsConversationIds.stream().filter(id -> !CONVERSATION_ID.matcher(id).matches()).findAny()
                    .ifPresent(id -> {
                        throw new IllegalArgumentException("not an ElevenLabs conversation id: " + id);
                    });
        }

        /**
         * Missed Twilio and ElevenLabs recordings, no Telnyx ones.
         *
         * @param twilioRecordingSids       Twilio RecordingSids ({@code RE} + 32 hex digits)
         * @param elevenLabsConversationIds ElevenLabs conversation ids
         * @throws IllegalArgumentException if a RecordingSid or conversation id is malformed
         */
        public MissedRecordings(List<String> twilioRecordingSids, List<String> elevenLabsConversationIds) {
            this(twilioRecordingSids, elevenLabsConversationIds, List.of());
        }

        /**
         * Reads {@code callvault.simulator.missed-twilio-recordings},
         * {@code callvault.simulator.missed-elevenlabs-conversations} and
         * {@code callvault.simulator.missed-telnyx-recordings} (comma-separated) from the environment.
         *
         * @param environment the environment
         * @return the missed recordings, none when unset
         */
        public static MissedRecordings from(OperatorEnvironment environment) {
            return new MissedRecordings(list(environment.property("callvault.simulator.missed-twilio-recordings", "")),
                    list(environment.property("callvault.simulator.missed-elevenlabs-conversations", "")),
                    list(environment.property("callvault.simulator.missed-telnyx-recordings", "")));
        }

        private static List<String> list(String commaSeparated) {
            return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
        }
    }

    private ProviderSimulator(HttpServer server, Credentials credentials, ProviderListings listings) {
        this.server = server;
        this.credentials = credentials;
        this.listings = listings;
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
        return start(port, credentials, MissedRecordings.NONE);
    }

    /**
     * Starts the simulator on 127.0.0.1 with recordings that the listings show although no webhook announced them.
     *
     * @param port        TCP port, or 0 for a free one
     * @param credentials the tenant's credentials
     * @param missed      recordings whose webhook never came
     * @return the running simulator
     * @throws IOException if the port cannot be bound
     */
    public static ProviderSimulator start(int port, Credentials credentials, MissedRecordings missed)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ProviderSimulator simulator = new ProviderSimulator(server, credentials, new ProviderListings(
                credentials.twilioAccountSid(), missed.twilioRecordingSids(), missed.elevenLabsConversationIds(),
                missed.telnyxRecordingIds(), Instant.now()));
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
        ProviderSimulator simulator = start(port, Credentials.from(environment, tenant),
                MissedRecordings.from(environment));
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
            } else if ((matcher = TWILIO_LIST.matcher(path)).matches()) {
                twilioList(exchange, path, matcher.group(1));
            } else if (path.equals(ELEVENLABS_LIST)) {
                elevenLabsList(exchange);
            } else if ((matcher = ELEVENLABS_AUDIO.matcher(path)).matches()) {
                elevenLabs(exchange, matcher.group(1), head);
            } else if ((matcher = TRANSFER.matcher(path)).matches()) {
                java.util.concurrent.atomic.AtomicLong sent = transfers.get(matcher.group(1));
                json(exchange, 200, "{\"bytesSent\": " + (sent == null ? 0 : sent.get()) + "}");
            } else if ((matcher = VAPI_CALL.matcher(path)).matches()) {
                vapiCall(exchange, matcher.group(1));
            } else if ((matcher = VAPI_RECORDING.matcher(path)).matches()) {
                vapiRecording(exchange, matcher.group(1), matcher.group(2));
            } else if (path.equals(TELNYX_LIST)) {
                telnyxList(exchange);
            } else if ((matcher = TELNYX_RECORDING.matcher(path)).matches()) {
                telnyxRecording(exchange, matcher.group(1));
            } else if ((matcher = TELNYX_STORAGE.matcher(path)).matches()) {
                telnyxStorage(exchange, matcher.group(1), matcher.group(2), head);
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
        if (!twilioAuthorized(exchange)) {
            return;
        }
        if (!accountSid.equals(credentials.twilioAccountSid()) || !TWILIO_RECORDING_SID.matcher(recordingSid).matches()) {
            twilioNotFound(exchange);
            return;
        }
        listings.servedTwilio(recordingSid, Instant.now());
        if ("wav".equals(extension)) {
            audio(exchange, AudioFixtures.TWILIO_DUAL_CHANNEL_WAV, "audio/x-wav", head);
        } else {
            audio(exchange, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3, "audio/mpeg", head);
        }
    }

    private void twilioList(HttpExchange exchange, String path, String accountSid) throws IOException {
        if (!twilioAuthorized(exchange)) {
            return;
        }
        if (!accountSid.equals(credentials.twilioAccountSid())) {
            twilioNotFound(exchange);
            return;
        }
        Map<String, String> query = query(exchange);
        try {
            String after = query.get("DateCreated>");
            int pageSize = bounded(query, "PageSize", 50, 1000);
            int page = bounded(query, "Page", 0, Integer.MAX_VALUE);
            json(exchange, 200, listings.twilioPage(path, after == null ? null : Instant.parse(after), pageSize, page));
        } catch (DateTimeParseException | NumberFormatException e) {
            json(exchange, 400, "{\"code\": 20001, \"message\": \"Invalid query parameter\", "
                    + "\"more_info\": \"https://www.twilio.com/docs/errors/20001\", \"status\": 400}");
        }
    }

    private boolean twilioAuthorized(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.twilioAccountSid() + ":" + credentials.twilioAuthToken()).getBytes(StandardCharsets.UTF_8));
        if (constantTimeEquals(exchange.getRequestHeaders().getFirst("Authorization"), expected)) {
            return true;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
        json(exchange, 401, "{\"code\": 20003, \"message\": \"Authenticate\", "
                + "\"more_info\": \"https://www.twilio.com/docs/errors/20003\", \"status\": 401}");
        return false;
    }

    private static void twilioNotFound(HttpExchange exchange) throws IOException {
        json(exchange, 404, "{\"code\": 20404, \"message\": \"The requested resource was not found\", "
                + "\"more_info\": \"https://www.twilio.com/docs/errors/20404\", \"status\": 404}");
    }

    private void elevenLabs(HttpExchange exchange, String conversationId, boolean head) throws IOException {
        if (!elevenLabsAuthorized(exchange)) {
            return;
        }
        listings.servedConversation(conversationId, Instant.now());
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

    private void elevenLabsList(HttpExchange exchange) throws IOException {
        if (!elevenLabsAuthorized(exchange)) {
            return;
        }
        Map<String, String> query = query(exchange);
        try {
            String after = query.get("call_start_after_unix");
            int pageSize = bounded(query, "page_size", 30, 100);
            int offset = bounded(query, "cursor", 0, Integer.MAX_VALUE);
            json(exchange, 200, listings.conversationsPage(
                    after == null ? null : Instant.ofEpochSecond(Long.parseLong(after)), pageSize, offset));
        } catch (NumberFormatException e) {
            json(exchange, 422, "{\"detail\": [{\"loc\": [\"query\"], \"msg\": \"invalid query parameter\","
                    + " \"type\": \"value_error\"}]}");
        }
    }

    private boolean elevenLabsAuthorized(HttpExchange exchange) throws IOException {
        if (constantTimeEquals(exchange.getRequestHeaders().getFirst("xi-api-key"), credentials.elevenLabsApiKey())) {
            return true;
        }
        json(exchange, 401, "{\"detail\": {\"status\": \"invalid_api_key\", \"message\": \"Invalid API key\"}}");
        return false;
    }

    /** A whole-number query parameter, its default when absent, clamped to {@code [min(1, default), max]}. */
    private static int bounded(Map<String, String> query, String name, int defaultValue, int max) {
        String value = query.get(name);
        return value == null ? defaultValue : Math.clamp(Integer.parseInt(value), Math.min(1, defaultValue), max);
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
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

    /**
     * Vapi "Retrieve call artifacts" (https://docs.vapi.ai/security-and-privacy/retrieve-call-artifacts):
     * {@code GET /call/{id}/stereo-recording} or {@code /mono-recording} with the API key as Bearer token answers
     * {@code 302} to the recording in the simulated storage, {@code /vapi-storage/{id}/stereo.mp3} or {@code mono.mp3}.
     */
    private void vapiRecording(HttpExchange exchange, String callId, String layout) throws IOException {
        if (!constantTimeEquals(exchange.getRequestHeaders().getFirst("Authorization"),
                "Bearer " + credentials.vapiApiKey())) {
            json(exchange, 401, "{\"message\": \"Invalid Key.\", \"error\": \"Unauthorized\", \"statusCode\": 401}");
            return;
        }
        exchange.getResponseHeaders().set("Location", "/vapi-storage/" + callId + "/" + layout + ".mp3");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /**
     * Telnyx "Retrieve a call recording": the recording's record, its {@code download_urls} pre-signed for ten
     * minutes from now on the simulated storage.
     */
    private void telnyxRecording(HttpExchange exchange, String recordingId) throws IOException {
        if (!telnyxAuthorized(exchange)) {
            return;
        }
        String base = telnyxBase(exchange);
        Instant now = Instant.now();
        listings.servedTelnyx(recordingId, now);
        json(exchange, 200, """
                {"data": {"record_type": "recording", "id": "%s", "status": "completed", "channels": "dual",
                 "recording_started_at": "%s", "recording_ended_at": "%s", "source": "call",
                 "download_urls": {"wav": "%s", "mp3": "%s"}}}
                """.formatted(recordingId, now.minusSeconds(13), now.minusSeconds(5),
                telnyxStorageUrl(base, recordingId, "wav", now), telnyxStorageUrl(base, recordingId, "mp3", now)));
    }

    /**
     * Telnyx "List all call recordings": the recordings served so far plus the missed ones, their
     * {@code download_urls} pre-signed for ten minutes from now; 400 with Telnyx's error shape for a malformed
     * filter or page parameter.
     */
    private void telnyxList(HttpExchange exchange) throws IOException {
        if (!telnyxAuthorized(exchange)) {
            return;
        }
        Map<String, String> query = query(exchange);
        try {
            String from = query.get("filter[created_at][gte]");
            int pageSize = bounded(query, "page[size]", 20, 250);
            int pageNumber = bounded(query, "page[number]", 1, Integer.MAX_VALUE);
            json(exchange, 200, listings.telnyxPage(from == null ? null : OffsetDateTime.parse(from).toInstant(),
                    pageSize, pageNumber, telnyxBase(exchange), Instant.now()));
        } catch (DateTimeParseException | NumberFormatException e) {
            json(exchange, 400, "{\"errors\": [{\"code\": \"10015\", \"title\": \"Invalid parameter\", "
                    + "\"detail\": \"A query parameter is malformed.\"}]}");
        }
    }

    private boolean telnyxAuthorized(HttpExchange exchange) throws IOException {
        if (constantTimeEquals(exchange.getRequestHeaders().getFirst("Authorization"),
                "Bearer " + credentials.telnyxApiKey())) {
            return true;
        }
        json(exchange, 401, "{\"errors\": [{\"code\": \"10009\", \"title\": \"Authentication failed\"}]}");
        return false;
    }

    private String telnyxBase(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        return "http://" + (host == null ? "127.0.0.1:" + server.getAddress().getPort() : host);
    }

    /**
     * A pre-signed URL of the simulated Telnyx storage, valid for ten minutes from {@code signedAt} (the form of the
     * S3 URLs in Telnyx's {@code recording_urls}).
     *
     * @param base        {@code http://host:port} of the simulator
     * @param recordingId the Telnyx recording id
     * @param format      {@code wav} or {@code mp3}
     * @param signedAt    when the URL is signed
     * @return the URL
     */
    public static String telnyxStorageUrl(String base, String recordingId, String format, Instant signedAt) {
        return base + "/telnyx-storage/" + recordingId + "." + format + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date="
                + AMZ_DATE.format(signedAt.atOffset(ZoneOffset.UTC)) + "&X-Amz-Expires=600&X-Amz-Signature=simulated";
    }

    /**
     * The simulated storage: the dual-channel fixture while the URL's signature time is valid (the recording then
     * counts as served), else 403.
     */
    private void telnyxStorage(HttpExchange exchange, String recordingId, String format, boolean head)
            throws IOException {
        Map<String, String> query = query(exchange);
        Instant expires;
        try {
            expires = LocalDateTime.parse(query.getOrDefault("X-Amz-Date", ""), AMZ_DATE)
                    .toInstant(ZoneOffset.UTC).plusSeconds(Long.parseLong(query.getOrDefault("X-Amz-Expires", "")));
        } catch (DateTimeParseException | NumberFormatException e) {
            expires = Instant.EPOCH;
        }
        if (!Instant.now().isBefore(expires)) {
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            byte[] denied = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, denied.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(denied);
            }
            return;
        }
        listings.servedTelnyx(recordingId, Instant.now());
        if ("wav".equals(format)) {
            audio(exchange, AudioFixtures.TWILIO_DUAL_CHANNEL_WAV, "audio/wav", head);
        } else {
            audio(exchange, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3, "audio/mpeg", head);
        }
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
