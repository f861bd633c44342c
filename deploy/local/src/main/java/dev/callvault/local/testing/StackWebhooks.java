package dev.callvault.local.testing;

import dev.callvault.events.HttpDates;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.simulator.LargeRecording;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Plays the providers' side against a running local stack (chaos runs, benchmarks): new calls of tenant {@code demo},
 * reported to ingest-service as signed webhooks exactly as Twilio (recording status callback, {@code X-Twilio-Signature}
 * over the public URL) and ElevenLabs (post-call webhook, {@code ElevenLabs-Signature}) send them. Thread-safe.
 */
public final class StackWebhooks {

    /** Status of a webhook that got no HTTP answer at all (connection refused or reset, timeout). */
    public static final int NO_ANSWER = -1;

    private final String ingestUrl;
    private final String publicBaseUrl;
    private final String twilioApiBaseUrl;
    private final OperatorEnvironment environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom random = new SecureRandom();
    private final Fixture twilio = Fixture.of(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3));
    private final Fixture elevenLabs = Fixture.of(AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3));

    private record Fixture(String sha256, long size) {
        static Fixture of(byte[] bytes) {
            return new Fixture(AudioFixtures.sha256Hex(bytes), bytes.length);
        }
    }

    /**
     * @param stack       the running stack's addresses ({@code ingest-service.url}, {@code ingest.public-base-url},
     *                    {@code providers.twilio.api-base-url})
     * @param environment the operator's environment: the demo tenant's credentials, local defaults otherwise
     */
    public StackWebhooks(Map<String, String> stack, OperatorEnvironment environment) {
        this.ingestUrl = required(stack, "ingest-service.url");
        this.publicBaseUrl = strip(required(stack, "ingest.public-base-url"));
        this.twilioApiBaseUrl = strip(required(stack, "providers.twilio.api-base-url"));
        this.environment = environment;
    }

    /**
     * A webhook request ready to send: what a load generator replays.
     *
     * @param path    the request path on ingest-service, e.g. {@code /webhooks/twilio/demo/recording-status}
     * @param headers the request headers ({@code Content-Type} and the provider's signature header)
     * @param body    the request body, UTF-8
     */
    public record SignedRequest(String path, Map<String, String> headers, String body) {
    }

    /**
     * @param index position in the scenario: even numbers are Twilio calls, odd numbers ElevenLabs calls
     * @return a new call with a unique provider id
     */
    public ProviderCall newCall(int index) {
        if (index % 2 == 0) {
            String sid = "RE" + hex(16);
            return new ProviderCall(Provider.TWILIO, sid, RecordingIds.of(LocalDefaults.TENANT, Provider.TWILIO, sid),
                    twilio.sha256(), twilio.size());
        }
        String conversationId = "conv_chaos_" + hex(10);
        return new ProviderCall(Provider.ELEVENLABS, conversationId,
                RecordingIds.of(LocalDefaults.TENANT, Provider.ELEVENLABS, conversationId), elevenLabs.sha256(),
                elevenLabs.size());
    }

    /**
     * @param recording the size and rate the simulator serves it with
     * @return a new ElevenLabs call whose audio is that large recording
     */
    public ProviderCall newLargeCall(LargeRecording recording) {
        String conversationId = recording.conversationId(hex(8));
        return new ProviderCall(Provider.ELEVENLABS, conversationId,
                RecordingIds.of(LocalDefaults.TENANT, Provider.ELEVENLABS, conversationId), recording.sha256(),
                recording.sizeBytes());
    }

    /**
     * Sends the call's webhook once.
     *
     * @param call the call
     * @return the HTTP status ingest answered (202 accepted, 503 not publishable), or {@link #NO_ANSWER}
     */
    public int send(ProviderCall call) {
        HttpRequest request = call.provider() == Provider.TWILIO ? twilio(call) : elevenLabs(call);
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending a webhook", e);
        }
    }

    /**
     * @return a new Twilio call of tenant {@code demo} with a unique {@code RecordingSid}, served by the simulator as
     *         the dual-channel MP3 fixture
     */
    public ProviderCall newTwilioCall() {
        return newCall(0);
    }

    /**
     * The recording status callback Twilio sends for a completed recording of the call, signed with the tenant's auth
     * token over the public URL ({@link TwilioWebhookSigner}), without sending it.
     *
     * @param call a Twilio call
     * @return the request
     * @throws IllegalArgumentException if the call is not a Twilio call
     */
    public SignedRequest twilioCallback(ProviderCall call) {
        if (call.provider() != Provider.TWILIO) {
            throw new IllegalArgumentException("not a Twilio call: " + call.provider());
        }
        String tenantPrefix = "callvault.tenants." + LocalDefaults.TENANT + ".twilio.";
        String accountSid = environment.property(tenantPrefix + "account-sid", LocalDefaults.TWILIO_ACCOUNT_SID);
        String path = "/webhooks/twilio/" + LocalDefaults.TENANT + "/recording-status";
        Map<String, String> form = new TreeMap<>(Map.of(
                "AccountSid", accountSid,
                "CallSid", "CA" + hex(16),
                "RecordingSid", call.providerRecordingId(),
                "RecordingUrl", twilioApiBaseUrl + "/2010-04-01/Accounts/" + accountSid + "/Recordings/"
                        + call.providerRecordingId(),
                "RecordingStatus", "completed",
                "RecordingDuration", "8",
                "RecordingChannels", "2",
                "RecordingStartTime", HttpDates.formatTwilio(Instant.now().minusSeconds(30))));
        String signature = TwilioWebhookSigner.signature(
                environment.property(tenantPrefix + "auth-token", LocalDefaults.TWILIO_AUTH_TOKEN),
                publicBaseUrl + path, form);
        String body = form.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return new SignedRequest(path, Map.of("Content-Type", "application/x-www-form-urlencoded",
                "X-Twilio-Signature", signature), body);
    }

    private HttpRequest twilio(ProviderCall call) {
        SignedRequest callback = twilioCallback(call);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingestUrl + callback.path()))
                .timeout(Duration.ofSeconds(60));
        callback.headers().forEach(request::header);
        return request.POST(HttpRequest.BodyPublishers.ofString(callback.body())).build();
    }

    private HttpRequest elevenLabs(ProviderCall call) {
        long now = Instant.now().getEpochSecond();
        byte[] body = ("{\"type\":\"post_call_transcription\",\"event_timestamp\":" + now + ",\"data\":{"
                + "\"agent_id\":\"agent_chaos\",\"conversation_id\":\"" + call.providerRecordingId() + "\","
                + "\"status\":\"done\",\"has_audio\":true,\"transcript\":[],"
                + "\"metadata\":{\"start_time_unix_secs\":" + (now - 20) + ",\"call_duration_secs\":12}}}")
                .getBytes(StandardCharsets.UTF_8);
        String secret = environment.property("callvault.tenants." + LocalDefaults.TENANT
                + ".elevenlabs.webhook-secret", LocalDefaults.ELEVENLABS_WEBHOOK_SECRET);
        return HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/elevenlabs/" + LocalDefaults.TENANT
                        + "/post-call")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("ElevenLabs-Signature", ElevenLabsWebhookSigner.header(secret, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static String required(Map<String, String> stack, String key) {
        String value = stack.get(key);
        if (value == null) {
            throw new IllegalStateException("the stack has no " + key + " (is that part running?)");
        }
        return value;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
