package dev.callvault.ingest.telnyx;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.ingest.webhook.MalformedWebhookException;
import dev.callvault.ingest.webhook.RecordingHostAllowlist;
import dev.callvault.ingest.webhook.RecordingHostNotAllowedException;
import dev.callvault.ingest.webhook.WebhookOutcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns a signature-checked Telnyx Call Control webhook into a {@link CallEnded}, or into "nothing to publish".
 *
 * <p>Only {@code data.event_type == "call.recording.saved"} is published (Telnyx docs, "Call recording saved",
 * https://developers.telnyx.com/api-reference/callbacks/call-recording-saved). A Call Control application sends every
 * call event to its one webhook URL ({@code call.initiated}, {@code call.answered}, {@code call.hangup},
 * {@code call.recording.error}, ...); those are answered 200 without publishing.
 *
 * <p>Recording URLs: {@code payload.recording_urls} holds presigned S3 URLs ({@code wav}, {@code mp3}; valid about
 * ten minutes). Each one present must pass the {@link RecordingHostAllowlist}; one that does not is refused
 * with 400 and nothing is published. The event carries the {@code wav} URL when there is one, else the {@code mp3}
 * one, else none (the fetch worker then asks Telnyx's API for the recording by its id, as it does once the presigned
 * URL has expired). {@code public_recording_urls} (unsigned, only for public recordings) are not used.
 *
 * <p>Fields: recordingId = {@code RecordingIds.of(tenantId, TELNYX, recording_id)}, providerRecordingId =
 * {@code recording_id} ({@code [A-Za-z0-9-]{1,64}}, else 400), providerCallId = {@code call_session_id} (one call
 * session, all its legs; else {@code call_control_id}), providerAccountId = {@code connection_id} (the Call Control
 * application), callStartedAt = {@code recording_started_at}, callEndedAt = {@code recording_ended_at} (else
 * {@code data.occurred_at}, else now), both ISO 8601; durationSeconds = end - start rounded to whole seconds when both
 * are present; channels {@code single} = 1, {@code dual} = 2 (otherwise unknown); {@code from}/{@code to} as given;
 * direction unknown (the webhook does not say); metadata: {@code call_control_id}, {@code call_leg_id},
 * {@code format}, {@code event_id} ({@code data.id}). The event id is a random UUID, as for the other providers.
 */
@Component
class TelnyxRecordingSavedMapper {

    /** The recording ids this mapper accepts: Telnyx's are UUIDs. */
    static final Pattern RECORDING_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** The recording URLs by preference. */
    static final List<String> RECORDING_URLS = List.of(TelnyxWebhook.WAV_URL, TelnyxWebhook.MP3_URL);

    private final RecordingHostAllowlist recordingHosts;

    /**
     * @param provider supplies the recording host allowlist
     * @throws IllegalArgumentException if an allowlist entry is not a host name or {@code *.suffix}
     */
    TelnyxRecordingSavedMapper(TelnyxProviderProperties provider) {
        this.recordingHosts = new RecordingHostAllowlist("callvault.providers.telnyx.recording-hosts",
                provider.recordingHosts());
    }

    /**
     * Maps a webhook.
     *
     * @param tenantId the tenant of the webhook URL
     * @param webhook  the parsed webhook, signature already checked
     * @param now      the current time: {@code occurredAt}, and the last fallback of {@code callEndedAt}
     * @return what to publish, if anything
     * @throws MalformedWebhookException        if {@code data.event_type} is missing, a saved recording has no valid
     *                                          {@code recording_id}, or a date does not parse
     * @throws RecordingHostNotAllowedException if a recording URL is not on an allowed host
     */
    WebhookOutcome map(String tenantId, TelnyxWebhook webhook, Instant now) {
        String type = webhook.get(TelnyxWebhook.EVENT_TYPE);
        if (type == null) {
            throw new MalformedWebhookException(TelnyxWebhook.EVENT_TYPE + " is required.");
        }
        if (!type.equals(TelnyxWebhook.CALL_RECORDING_SAVED)) {
            return new WebhookOutcome.Ignore("event " + type + " carries no saved recording");
        }
        String recordingId = webhook.get(TelnyxWebhook.RECORDING_ID);
        if (recordingId == null || !RECORDING_ID.matcher(recordingId).matches()) {
            throw new MalformedWebhookException(TelnyxWebhook.RECORDING_ID
                    + " is required in call.recording.saved: 1 to 64 letters, digits or '-'.");
        }
        String recordingUrl = null;
        for (String path : RECORDING_URLS) {
            String url = webhook.get(path);
            if (url == null) {
                continue;
            }
            recordingHosts.check(path, url);
            if (recordingUrl == null) {
                recordingUrl = url;
            }
        }

        Instant startedAt = instant(webhook, TelnyxWebhook.RECORDING_STARTED_AT);
        Instant endedAt = instant(webhook, TelnyxWebhook.RECORDING_ENDED_AT);
        Instant occurredAt = instant(webhook, TelnyxWebhook.OCCURRED_AT);
        String callSession = webhook.get(TelnyxWebhook.CALL_SESSION_ID);
        Map<String, String> metadata = new LinkedHashMap<>();
        putIfPresent(metadata, "call_control_id", webhook.get(TelnyxWebhook.CALL_CONTROL_ID));
        putIfPresent(metadata, "call_leg_id", webhook.get(TelnyxWebhook.CALL_LEG_ID));
        putIfPresent(metadata, "format", webhook.get(TelnyxWebhook.FORMAT));
        putIfPresent(metadata, "event_id", webhook.get(TelnyxWebhook.EVENT_ID));
        return new WebhookOutcome.Publish(CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.TELNYX, recordingId))
                .setProvider(Provider.TELNYX)
                .setProviderCallId(callSession != null ? callSession : webhook.get(TelnyxWebhook.CALL_CONTROL_ID))
                .setProviderRecordingId(recordingId)
                .setProviderAccountId(webhook.get(TelnyxWebhook.CONNECTION_ID))
                .setRecordingUrl(recordingUrl)
                .setCallStartedAt(startedAt)
                .setCallEndedAt(endedAt != null ? endedAt : occurredAt != null ? occurredAt : now)
                .setDurationSeconds(duration(startedAt, endedAt))
                .setChannels(channels(webhook.get(TelnyxWebhook.CHANNELS)))
                .setDirection(CallDirection.UNKNOWN)
                .setAgentId(null)
                .setFromNumber(webhook.get(TelnyxWebhook.FROM))
                .setToNumber(webhook.get(TelnyxWebhook.TO))
                .setRecordingAvailable(true)
                .setUnavailableReason(null)
                .setMetadata(metadata)
                .build());
    }

    /** Whole seconds from start to end, half up; unknown when either is missing or the end precedes the start. */
    private static Integer duration(Instant startedAt, Instant endedAt) {
        if (startedAt == null || endedAt == null || endedAt.isBefore(startedAt)) {
            return null;
        }
        Duration duration = Duration.between(startedAt, endedAt);
        if (duration.getSeconds() >= Integer.MAX_VALUE) {
            throw new MalformedWebhookException("The recording duration is out of range.");
        }
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).setScale(0, RoundingMode.HALF_UP).intValue();
    }

    private static Integer channels(String channels) {
        if (channels == null) {
            return null;
        }
        return switch (channels.toLowerCase(Locale.ROOT)) {
            case "single" -> 1;
            case "dual" -> 2;
            default -> null;
        };
    }

    private static Instant instant(TelnyxWebhook webhook, String path) {
        String value = webhook.get(path);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedWebhookException(path + " must be an ISO 8601 date-time such as "
                    + "'2026-11-22T07:30:00.123456Z'.");
        }
    }

    private static void putIfPresent(Map<String, String> metadata, String name, String value) {
        if (value != null) {
            metadata.put(name, value);
        }
    }
}
