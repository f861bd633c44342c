package dev.callvault.system;

import dev.callvault.events.HttpDates;
import dev.callvault.local.testing.ElevenLabsWebhookSigner;
import dev.callvault.local.testing.TwilioWebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Plays the providers' webhook senders against the running ingest-service. */
final class Webhooks {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Webhooks() {
    }

    /** A Twilio recording status callback for a finished dual-channel recording of the test tenant. */
    static Map<String, String> twilioCompleted(SystemUnderTest system, String recordingSid) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", SystemUnderTest.TWILIO_ACCOUNT_SID);
        params.put("CallSid", Providers.newCallSid());
        params.put("RecordingSid", recordingSid);
        params.put("RecordingUrl", Providers.twilioRecordingUrl(system.provider, recordingSid));
        params.put("RecordingStatus", "completed");
        params.put("RecordingDuration", "8");
        params.put("RecordingChannels", "2");
        params.put("RecordingSource", "DialVerb");
        params.put("RecordingStartTime", HttpDates.formatTwilio(Instant.now().minusSeconds(20)));
        params.put("ErrorCode", "0");
        return params;
    }

    static String twilioPath(String tenant) {
        return "/webhooks/twilio/" + tenant + "/recording-status";
    }

    /** Posts a form signed with the test tenant's auth token over the public URL. */
    static HttpResponse<String> postTwilio(SystemUnderTest system, String tenant, Map<String, String> params) {
        String signature = TwilioWebhookSigner.signature(SystemUnderTest.TWILIO_AUTH_TOKEN,
                SystemUnderTest.PUBLIC_BASE_URL + twilioPath(tenant), params);
        return postTwilio(system, tenant, form(params), signature);
    }

    static HttpResponse<String> postTwilio(SystemUnderTest system, String tenant, String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.ingest.baseUrl() + twilioPath(tenant)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return send(request.build());
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** An ElevenLabs post_call_transcription body for a conversation with audio. */
    static String elevenLabsTranscription(String conversationId, boolean hasAudio) {
        long now = Instant.now().getEpochSecond();
        return """
                {"type": "post_call_transcription", "event_timestamp": %d,
                 "data": {"agent_id": "agent_support_1", "conversation_id": "%s", "status": "done",
                          "has_audio": %s, "has_user_audio": %s, "has_response_audio": %s,
                          "transcript": [{"role": "agent", "message": "Hi, this is the CallVault assistant."}],
                          "metadata": {"start_time_unix_secs": %d, "call_duration_secs": 7}}}
                """.formatted(now, conversationId, hasAudio, hasAudio, hasAudio, now - 10);
    }

    static HttpResponse<String> postElevenLabs(SystemUnderTest system, String tenant, String body, long timestamp) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return postElevenLabs(system, tenant, bytes,
                ElevenLabsWebhookSigner.header(SystemUnderTest.ELEVENLABS_WEBHOOK_SECRET, timestamp, bytes));
    }

    static HttpResponse<String> postElevenLabs(SystemUnderTest system, String tenant, byte[] body, String header) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(system.ingest.baseUrl() + "/webhooks/elevenlabs/" + tenant + "/post-call"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (header != null) {
            request.header("ElevenLabs-Signature", header);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
