package dev.callvault.ingest.elevenlabs;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.ingest.webhook.MalformedWebhookException;
import dev.callvault.ingest.webhook.WebhookOutcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns a signature-checked ElevenLabs post-call webhook into a {@link CallEnded}, or into "nothing to publish".
 *
 * <ul>
 *   <li>{@code post_call_transcription}: a CallEnded with provider {@code ELEVENLABS}, providerRecordingId =
 *       providerCallId = {@code conversation_id}, agentId = {@code agent_id}, callStartedAt =
 *       {@code metadata.start_time_unix_secs}, durationSeconds = {@code metadata.call_duration_secs}, callEndedAt =
 *       start + duration (else {@code event_timestamp}, else now), direction and numbers from
 *       {@code metadata.phone_call}; {@code has_audio == false} gives {@code recordingAvailable=false} with reason
 *       {@code has_audio=false}. The fetch worker downloads audio from the conversation audio endpoint, so no
 *       recording URL is set.</li>
 *   <li>{@code post_call_audio}: nothing (its inline audio is never used: the audio endpoint serves it).</li>
 *   <li>{@code call_initiation_failure}: nothing (no call, no recording).</li>
 *   <li>any other type: nothing; ElevenLabs adds types over time, and a 4xx would make it retry and eventually
 *       disable the webhook.</li>
 * </ul>
 */
@Component
public class ElevenLabsPostCallMapper {

    /** Reason of a conversation without audio. */
    static final String NO_AUDIO = "has_audio=false";

    /**
     * Maps a webhook.
     *
     * @param tenantId the tenant of the webhook URL
     * @param webhook  the parsed webhook, signature already checked
     * @param now      the current time: {@code occurredAt}, and the fallback of {@code callEndedAt}
     * @return what to publish, if anything
     * @throws MalformedWebhookException if {@code type} is missing, or a transcription lacks {@code conversation_id}
     */
    public WebhookOutcome map(String tenantId, PostCallWebhook webhook, Instant now) {
        if (webhook.type() == null || webhook.type().isBlank()) {
            throw new MalformedWebhookException("type is required.");
        }
        return switch (webhook.type()) {
            case PostCallWebhook.POST_CALL_TRANSCRIPTION -> new WebhookOutcome.Publish(callEnded(tenantId, webhook, now));
            case PostCallWebhook.POST_CALL_AUDIO -> new WebhookOutcome.Ignore(
                    "post_call_audio: the audio is fetched from the conversation audio endpoint");
            case PostCallWebhook.CALL_INITIATION_FAILURE -> new WebhookOutcome.Ignore(
                    "call_initiation_failure: the call never started");
            default -> new WebhookOutcome.Ignore("unknown webhook type " + webhook.type());
        };
    }

    private static CallEnded callEnded(String tenantId, PostCallWebhook webhook, Instant now) {
        String conversationId = webhook.conversationId();
        if (conversationId == null || conversationId.isBlank()) {
            throw new MalformedWebhookException("data.conversation_id is required.");
        }
        Instant startedAt = webhook.startTimeUnixSecs() == null ? null
                : Instant.ofEpochSecond(webhook.startTimeUnixSecs());
        Long duration = webhook.callDurationSecs();
        if (duration != null && (duration < 0 || duration > Integer.MAX_VALUE)) {
            throw new MalformedWebhookException("data.metadata.call_duration_secs is out of range.");
        }
        Instant endedAt;
        if (startedAt != null && duration != null) {
            endedAt = startedAt.plusSeconds(duration);
        } else if (webhook.eventTimestamp() != null) {
            endedAt = Instant.ofEpochSecond(webhook.eventTimestamp());
        } else {
            endedAt = now;
        }
        CallDirection direction = direction(webhook.direction());
        Map<String, String> metadata = new LinkedHashMap<>(webhook.details());
        metadata.put("type", webhook.type());
        if (webhook.eventTimestamp() != null) {
            metadata.put("event_timestamp", webhook.eventTimestamp().toString());
        }
        String from = null;
        String to = null;
        switch (direction) {
            case INBOUND -> {
                from = webhook.externalNumber();
                to = webhook.agentNumber();
            }
            case OUTBOUND -> {
                from = webhook.agentNumber();
                to = webhook.externalNumber();
            }
            default -> {
                putIfPresent(metadata, "phone_call.external_number", webhook.externalNumber());
                putIfPresent(metadata, "phone_call.agent_number", webhook.agentNumber());
            }
        }
        boolean available = !Boolean.FALSE.equals(webhook.hasAudio());
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.ELEVENLABS, conversationId))
                .setProvider(Provider.ELEVENLABS)
                .setProviderCallId(conversationId)
                .setProviderRecordingId(conversationId)
                .setProviderAccountId(null)
                .setRecordingUrl(null)
                .setCallStartedAt(startedAt)
                .setCallEndedAt(endedAt)
                .setDurationSeconds(duration == null ? null : duration.intValue())
                .setChannels(null)
                .setDirection(direction)
                .setAgentId(webhook.agentId())
                .setFromNumber(from)
                .setToNumber(to)
                .setRecordingAvailable(available)
                .setUnavailableReason(available ? null : NO_AUDIO)
                .setMetadata(metadata)
                .build();
    }

    private static CallDirection direction(String direction) {
        if (direction == null) {
            return CallDirection.UNKNOWN;
        }
        return switch (direction.toLowerCase(Locale.ROOT)) {
            case "inbound" -> CallDirection.INBOUND;
            case "outbound" -> CallDirection.OUTBOUND;
            default -> CallDirection.UNKNOWN;
        };
    }

    private static void putIfPresent(Map<String, String> metadata, String name, String value) {
        if (value != null && !value.isBlank()) {
            metadata.put(name, value);
        }
    }
}
