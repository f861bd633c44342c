package dev.callvault.fetch.fetching;

import dev.callvault.events.CallEnded;
import dev.callvault.events.FetchRequested;
import dev.callvault.events.Provider;
import java.time.Instant;
import java.util.UUID;

/**
 * One recording to fetch, taken from a {@code CallEnded} or a {@code FetchRequested}.
 *
 * @param eventId             the triggering event's id
 * @param tenantId            owning tenant
 * @param recordingId         the recording id ({@code RecordingIds.of(tenantId, provider, providerRecordingId)},
 *                            or its legacy {@code RecordingIds.legacyOf(provider, providerRecordingId)})
 * @param provider            the provider
 * @param providerRecordingId the provider's recording id
 * @param providerAccountId   the provider account named by the event, or {@code null}
 * @param callEndedAt         the call's end as the event gives it, or {@code null}
 * @param keyDate             the instant that dates the object key: {@code callEndedAt}, else the event's
 *                            {@code occurredAt}
 * @param readySince          from when a 404 means "gone" rather than "not ready yet" is counted (the call's end;
 *                            {@code null} when unknown, then a 404 is not retried)
 * @param durationSeconds     duration in whole seconds, or {@code null}
 * @param channels            audio channels, or {@code null}
 * @param recordingUrl        the recording URL the webhook gave (Vapi: a pre-signed storage URL), or {@code null}
 *                            (always for a {@code FetchRequested}: the provider's API is asked)
 */
public record FetchJob(UUID eventId, String tenantId, UUID recordingId, Provider provider, String providerRecordingId,
        String providerAccountId, Instant callEndedAt, Instant keyDate, Instant readySince, Integer durationSeconds,
        Integer channels, String recordingUrl) {

    /**
     * @param event a call-ended event (its {@code occurredAt} stands in for a missing call end, as the schema says)
     * @return the job
     */
    public static FetchJob of(CallEnded event) {
        Instant ended = event.getCallEndedAt() != null ? event.getCallEndedAt() : event.getOccurredAt();
        return new FetchJob(event.getEventId(), event.getTenantId(), event.getRecordingId(), event.getProvider(),
                event.getProviderRecordingId(), event.getProviderAccountId(), event.getCallEndedAt(), ended, ended,
                event.getDurationSeconds(), event.getChannels(), event.getRecordingUrl());
    }

    /**
     * @param event a fetch command (its {@code occurredAt} is when the command was given, so it dates the key only
     *              when the call's end is unknown, and never makes a 404 look "not ready")
     * @return the job
     */
    public static FetchJob of(FetchRequested event) {
        Instant keyDate = event.getCallEndedAt() != null ? event.getCallEndedAt() : event.getOccurredAt();
        return new FetchJob(event.getEventId(), event.getTenantId(), event.getRecordingId(), event.getProvider(),
                event.getProviderRecordingId(), event.getProviderAccountId(), event.getCallEndedAt(), keyDate,
                event.getCallEndedAt(), event.getDurationSeconds(), event.getChannels(), null);
    }
}
