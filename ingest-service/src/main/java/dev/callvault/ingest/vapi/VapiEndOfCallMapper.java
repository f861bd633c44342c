package dev.callvault.ingest.vapi;

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
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns an authenticated Vapi server message into a {@link CallEnded}, or into "nothing to publish".
 *
 * <p>Only {@code message.type == "end-of-call-report"} is published (Vapi docs, "Server events",
 * https://docs.vapi.ai/server-url/events); every other server message ({@code status-update}, {@code transcript},
 * {@code hang}, ...) is answered 200 without publishing, and so is a report that names no recording (recording
 * disabled, or a call that never connected).
 *
 * <p>Recording URLs: Vapi gives pre-signed storage URLs in {@code message.artifact} (and, in older reports, at the top
 * of {@code message}). Every recording URL of the report must pass the {@link RecordingHostAllowlist}; one that does
 * not is refused with 400 and nothing is published. The event carries the stereo recording when there is one
 * ({@code artifact.stereoRecordingUrl}, {@code artifact.recording.stereoUrl}, {@code stereoRecordingUrl};
 * {@code channels=2}), else the mono one ({@code artifact.recordingUrl}, {@code artifact.recording.mono.combinedUrl},
 * {@code recordingUrl}; {@code channels=1}). When the pre-signed URL has expired, the fetch worker asks Vapi's API for
 * a fresh one ({@code GET /call/{id}/stereo-recording}).
 *
 * <p>Fields: recordingId = {@code RecordingIds.of(tenantId, VAPI, call.id)}, providerRecordingId = providerCallId =
 * {@code call.id}, providerAccountId = {@code call.orgId}, agentId = {@code call.assistantId} (else
 * {@code assistant.id}), callStartedAt = {@code startedAt} (else {@code call.startedAt}), callEndedAt =
 * {@code endedAt} (else {@code call.endedAt}, else start + duration, else {@code timestamp}, else now), both ISO 8601;
 * durationSeconds = {@code durationSeconds} rounded (else {@code durationMs} / 1000, else end - start), direction from
 * {@code call.type} ({@code inboundPhoneCall}, {@code outboundPhoneCall}; others unknown), the customer's and the Vapi
 * phone number's {@code number} as from/to by direction; metadata: {@code endedReason}, {@code call.type},
 * {@code recording} ({@code stereo}/{@code mono}).
 */
@Component
public class VapiEndOfCallMapper {

    static final List<String> STEREO_URLS = List.of("message.artifact.stereoRecordingUrl",
            "message.artifact.recording.stereoUrl", "message.stereoRecordingUrl");
    static final List<String> MONO_URLS = List.of("message.artifact.recordingUrl",
            "message.artifact.recording.mono.combinedUrl", "message.recordingUrl");
    private static final List<String> OTHER_AUDIO_URLS = List.of("message.artifact.recording.mono.assistantUrl",
            "message.artifact.recording.mono.customerUrl");

    private final RecordingHostAllowlist recordingHosts;

    /**
     * @param provider supplies the recording host allowlist
     * @throws IllegalArgumentException if an allowlist entry is not a host name or {@code *.suffix}
     */
    public VapiEndOfCallMapper(VapiProviderProperties provider) {
        this.recordingHosts = new RecordingHostAllowlist("callvault.providers.vapi.recording-hosts",
                provider.recordingHosts());
    }

    /**
     * Maps a server message.
     *
     * @param tenantId the tenant of the webhook URL
     * @param report   the parsed message, already authenticated
     * @param now      the current time: {@code occurredAt}, and the last fallback of {@code callEndedAt}
     * @return what to publish, if anything
     * @throws MalformedWebhookException         if {@code message.type} is missing, a report lacks {@code call.id}, or a
     *                                           date or number does not parse
     * @throws RecordingHostNotAllowedException  if a recording URL of the report is not on an allowed host
     */
    public WebhookOutcome map(String tenantId, EndOfCallReport report, Instant now) {
        String type = report.get("message.type");
        if (type == null) {
            throw new MalformedWebhookException("message.type is required.");
        }
        if (!type.equals(EndOfCallReport.END_OF_CALL_REPORT)) {
            return new WebhookOutcome.Ignore("server message " + type + " carries no finished recording");
        }
        String callId = report.get("message.call.id");
        if (callId == null) {
            throw new MalformedWebhookException("message.call.id is required in an end-of-call-report.");
        }
        for (List<String> paths : List.of(STEREO_URLS, MONO_URLS, OTHER_AUDIO_URLS)) {
            for (String path : paths) {
                recordingHosts.check(path, report.get(path));
            }
        }
        String stereo = report.first(STEREO_URLS.toArray(String[]::new));
        String mono = report.first(MONO_URLS.toArray(String[]::new));
        String endedReason = report.get("message.endedReason");
        if (stereo == null && mono == null) {
            return new WebhookOutcome.Ignore("end-of-call-report without a recording (endedReason "
                    + (endedReason == null ? "unknown" : endedReason) + ")");
        }

        Instant startedAt = instant(report, "message.startedAt", "message.call.startedAt");
        Instant reportedEnd = instant(report, "message.endedAt", "message.call.endedAt");
        Integer duration = duration(report, startedAt, reportedEnd);
        Instant endedAt = reportedEnd;
        if (endedAt == null && startedAt != null && duration != null) {
            endedAt = startedAt.plusSeconds(duration);
        }
        if (endedAt == null && report.get("message.timestamp") != null) {
            endedAt = Instant.ofEpochMilli(wholeNumber(report, "message.timestamp"));
        }
        if (endedAt == null) {
            endedAt = now;
        }

        String callType = report.get("message.call.type");
        CallDirection direction = direction(callType);
        String customer = report.first("message.customer.number", "message.call.customer.number");
        String vapiNumber = report.get("message.phoneNumber.number");
        Map<String, String> metadata = new LinkedHashMap<>();
        putIfPresent(metadata, "endedReason", endedReason);
        putIfPresent(metadata, "call.type", callType);
        metadata.put("recording", stereo != null ? "stereo" : "mono");
        return new WebhookOutcome.Publish(CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.VAPI, callId))
                .setProvider(Provider.VAPI)
                .setProviderCallId(callId)
                .setProviderRecordingId(callId)
                .setProviderAccountId(report.get("message.call.orgId"))
                .setRecordingUrl(stereo != null ? stereo : mono)
                .setCallStartedAt(startedAt)
                .setCallEndedAt(endedAt)
                .setDurationSeconds(duration)
                .setChannels(stereo != null ? 2 : 1)
                .setDirection(direction)
                .setAgentId(report.first("message.call.assistantId", "message.assistant.id"))
                .setFromNumber(direction == CallDirection.OUTBOUND ? vapiNumber : customer)
                .setToNumber(direction == CallDirection.OUTBOUND ? customer : vapiNumber)
                .setRecordingAvailable(true)
                .setUnavailableReason(null)
                .setMetadata(metadata)
                .build());
    }

    private static Integer duration(EndOfCallReport report, Instant startedAt, Instant endedAt) {
        BigDecimal seconds;
        if (report.get("message.durationSeconds") != null) {
            seconds = decimal(report, "message.durationSeconds");
        } else if (report.get("message.durationMs") != null) {
            seconds = decimal(report, "message.durationMs").movePointLeft(3);
        } else if (startedAt != null && endedAt != null && !endedAt.isBefore(startedAt)) {
            seconds = BigDecimal.valueOf(Duration.between(startedAt, endedAt).toMillis()).movePointLeft(3);
        } else {
            return null;
        }
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new MalformedWebhookException("The call duration is out of range.");
        }
        return seconds.setScale(0, RoundingMode.HALF_UP).intValue();
    }

    private static Instant instant(EndOfCallReport report, String... paths) {
        for (String path : paths) {
            String value = report.get(path);
            if (value != null) {
                try {
                    return OffsetDateTime.parse(value.trim()).toInstant();
                } catch (DateTimeParseException e) {
                    throw new MalformedWebhookException(path + " must be an ISO 8601 date-time such as "
                            + "'2026-11-22T07:30:00.000Z'.");
                }
            }
        }
        return null;
    }

    private static BigDecimal decimal(EndOfCallReport report, String path) {
        try {
            return new BigDecimal(report.get(path).trim());
        } catch (NumberFormatException e) {
            throw new MalformedWebhookException(path + " must be a number.");
        }
    }

    private static long wholeNumber(EndOfCallReport report, String path) {
        try {
            return decimal(report, path).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new MalformedWebhookException(path + " is out of range.");
        }
    }

    private static CallDirection direction(String callType) {
        if (callType == null) {
            return CallDirection.UNKNOWN;
        }
        return switch (callType) {
            case "inboundPhoneCall" -> CallDirection.INBOUND;
            case "outboundPhoneCall" -> CallDirection.OUTBOUND;
            default -> CallDirection.UNKNOWN;
        };
    }

    private static void putIfPresent(Map<String, String> metadata, String name, String value) {
        if (value != null) {
            metadata.put(name, value);
        }
    }
}
