package dev.callvault.ingest.twilio;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.HttpDates;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.ingest.webhook.MalformedWebhookException;
import dev.callvault.ingest.webhook.UnauthenticatedWebhookException;
import dev.callvault.ingest.webhook.WebhookOutcome;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns a signature-checked Twilio recording status callback into a {@link CallEnded}, or into "nothing to publish".
 *
 * <p>Parameters (Twilio docs, "Recordings resource", {@code recordingStatusCallback},
 * https://www.twilio.com/docs/voice/api/recording#recordingstatuscallback): {@code RecordingSid} (required),
 * {@code AccountSid} (required, must be the tenant's), {@code CallSid}, {@code RecordingUrl} (must lie under
 * {@code callvault.providers.twilio.api-base-url}), {@code RecordingStatus} (required), {@code RecordingDuration}
 * (whole seconds), {@code RecordingChannels}, {@code RecordingStartTime} (RFC 2822 date, e.g.
 * {@code Tue, 21 Jun 2022 19:38:22 +0000}), {@code ErrorCode}, and {@code From}, {@code To}, {@code Direction} when
 * present. Every other parameter goes to {@code metadata} unless its name suggests a secret (at most 64 entries,
 * values of at most 2048 characters; longer ones are left out).
 *
 * <p>{@code completed} gives an available recording; {@code absent} and {@code failed} a CallEnded with
 * {@code recordingAvailable=false} and the {@code ErrorCode} (or the status) as reason; {@code in-progress} and any
 * other status give nothing to publish.
 */
@Component
public class TwilioRecordingStatusMapper {

    private static final Set<String> MAPPED = Set.of("RecordingSid", "CallSid", "AccountSid", "RecordingUrl",
            "RecordingStatus", "RecordingDuration", "RecordingChannels", "RecordingStartTime", "From", "To",
            "Direction");
    private static final Set<String> SECRET_HINTS = Set.of("signature", "token", "secret", "password", "auth");
    /** Metadata bounds, so that an event stays far below the broker's message size limit. */
    static final int MAX_METADATA_ENTRIES = 64;
    static final int MAX_METADATA_VALUE_LENGTH = 2048;

    private final RecordingUrlPolicy recordingUrls;

    /**
     * @param provider supplies the Twilio API base URL that recording URLs must lie under
     */
    public TwilioRecordingStatusMapper(TwilioProviderProperties provider) {
        this.recordingUrls = new RecordingUrlPolicy(provider.apiBaseUrl());
    }

    /**
     * Maps a callback.
     *
     * @param tenantId   the tenant of the webhook URL
     * @param accountSid the tenant's configured account SID
     * @param params     the callback's POST parameters, signature already checked
     * @param now        the current time: {@code occurredAt}, and {@code callEndedAt} when start or duration is missing
     * @return what to publish, if anything
     * @throws MalformedWebhookException       if a required parameter is missing or a value does not parse, or the
     *                                         recording URL lies outside the Twilio API base URL
     * @throws UnauthenticatedWebhookException if {@code AccountSid} is not the tenant's account
     */
    public WebhookOutcome map(String tenantId, String accountSid, Map<String, String> params, Instant now) {
        String recordingSid = required(params, "RecordingSid");
        String callbackAccount = required(params, "AccountSid");
        if (!callbackAccount.equals(accountSid)) {
            throw new UnauthenticatedWebhookException(
                    "The callback's AccountSid is not the Twilio account of tenant '" + tenantId + "'.");
        }
        String status = required(params, "RecordingStatus").toLowerCase(Locale.ROOT);
        String recordingUrl = blankToNull(params.get("RecordingUrl"));
        if (recordingUrl != null && !recordingUrls.allows(recordingUrl)) {
            throw new MalformedWebhookException("RecordingUrl does not lie under the configured Twilio API base URL.");
        }
        Integer duration = integer(params, "RecordingDuration");
        if (duration != null && duration < 0) {
            duration = null;
        }
        Integer channels = integer(params, "RecordingChannels");
        if (channels != null && channels <= 0) {
            throw new MalformedWebhookException("RecordingChannels must be positive.");
        }
        Instant startedAt = rfc2822(params, "RecordingStartTime");

        boolean available;
        String unavailableReason = null;
        switch (status) {
            case "completed" -> available = true;
            case "absent", "failed" -> {
                available = false;
                String errorCode = blankToNull(params.get("ErrorCode"));
                unavailableReason = errorCode != null ? errorCode : status;
            }
            default -> {
                return new WebhookOutcome.Ignore("RecordingStatus " + status + " carries no finished recording");
            }
        }

        Map<String, String> metadata = new LinkedHashMap<>();
        new TreeMap<>(params).forEach((name, value) -> {
            if (!MAPPED.contains(name) && !looksSecret(name) && metadata.size() < MAX_METADATA_ENTRIES
                    && name.length() <= MAX_METADATA_VALUE_LENGTH && value.length() <= MAX_METADATA_VALUE_LENGTH) {
                metadata.put(name, value);
            }
        });
        if (available) {
            metadata.remove("ErrorCode");
            String errorCode = blankToNull(params.get("ErrorCode"));
            if (errorCode != null && !errorCode.equals("0")) {
                metadata.put("ErrorCode", errorCode);
            }
        }
        metadata.put("RecordingStatus", status);
        String direction = blankToNull(params.get("Direction"));
        if (direction != null) {
            metadata.put("Direction", direction);
        }

        Instant endedAt = startedAt != null && duration != null ? startedAt.plusSeconds(duration) : now;
        CallEnded event = CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.TWILIO, recordingSid))
                .setProvider(Provider.TWILIO)
                .setProviderCallId(blankToNull(params.get("CallSid")))
                .setProviderRecordingId(recordingSid)
                .setProviderAccountId(callbackAccount)
                .setRecordingUrl(recordingUrl)
                .setCallStartedAt(startedAt)
                .setCallEndedAt(endedAt)
                .setDurationSeconds(duration)
                .setChannels(channels)
                .setDirection(direction(direction))
                .setAgentId(null)
                .setFromNumber(blankToNull(params.get("From")))
                .setToNumber(blankToNull(params.get("To")))
                .setRecordingAvailable(available)
                .setUnavailableReason(unavailableReason)
                .setMetadata(metadata)
                .build();
        return new WebhookOutcome.Publish(event);
    }

    /**
     * Twilio's {@code Direction}: {@code inbound}, {@code outbound-api}, {@code outbound-dial},
     * {@code trunking-terminating} (from the PSTN into the trunk) and {@code trunking-originating} (from the trunk to
     * the PSTN).
     */
    static CallDirection direction(String direction) {
        if (direction == null) {
            return CallDirection.UNKNOWN;
        }
        String value = direction.toLowerCase(Locale.ROOT);
        if (value.startsWith("inbound") || value.equals("trunking-terminating")) {
            return CallDirection.INBOUND;
        }
        if (value.startsWith("outbound") || value.equals("trunking-originating")) {
            return CallDirection.OUTBOUND;
        }
        return CallDirection.UNKNOWN;
    }

    private static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_HINTS.stream().anyMatch(lower::contains);
    }

    private static String required(Map<String, String> params, String name) {
        String value = blankToNull(params.get(name));
        if (value == null) {
            throw new MalformedWebhookException(name + " is required.");
        }
        return value;
    }

    private static Integer integer(Map<String, String> params, String name) {
        String value = blankToNull(params.get(name));
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new MalformedWebhookException(name + " must be a whole number.");
        }
    }

    private static Instant rfc2822(Map<String, String> params, String name) {
        String value = blankToNull(params.get(name));
        if (value == null) {
            return null;
        }
        try {
            return HttpDates.parseTwilio(value);
        } catch (DateTimeParseException e) {
            throw new MalformedWebhookException(name + " must be an RFC 2822 date such as "
                    + "'Tue, 21 Jun 2022 19:38:22 +0000'.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
