package dev.callvault.storage.catalog;

import dev.callvault.events.CallDirection;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * What is known about a recording's call (columns {@code provider_call_id} .. {@code metadata} of
 * {@code storage.recording}), or what one event reports about it; {@code null} means "not known" or "not reported".
 *
 * @param providerCallId      the provider's call id
 * @param providerRecordingId the provider's recording id
 * @param providerAccountId   the provider account holding the recording
 * @param callStartedAt       call start
 * @param callEndedAt         call end
 * @param durationSeconds     duration in whole seconds
 * @param channels            number of audio channels
 * @param direction           call direction
 * @param agentId             agent on the call
 * @param fromNumber          calling party
 * @param toNumber            called party
 * @param metadata            other provider metadata (string values); never {@code null} (empty when not reported),
 *                            unmodifiable
 */
@Embeddable
public record CallDetails(
        @Column(name = "provider_call_id") String providerCallId,
        @Column(name = "provider_recording_id") String providerRecordingId,
        @Column(name = "provider_account_id") String providerAccountId,
        @Column(name = "call_started_at") Instant callStartedAt,
        @Column(name = "call_ended_at") Instant callEndedAt,
        @Column(name = "duration_seconds") Integer durationSeconds,
        @Column(name = "channels") Integer channels,
        @Enumerated(EnumType.STRING) @Column(name = "direction") CallDirection direction,
        @Column(name = "agent_id") String agentId,
        @Column(name = "from_number") String fromNumber,
        @Column(name = "to_number") String toNumber,
        @JdbcTypeCode(SqlTypes.JSON) @Column(name = "metadata", nullable = false) Map<String, String> metadata) {

    /** Nothing known about the call yet. */
    static final CallDetails NONE = new CallDetails(null, null, null, null, null, null, null, null, null, null, null,
            Map.of());

    /** Copies {@code metadata} into an unmodifiable map; {@code null} becomes empty. */
    public CallDetails {
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * What is known once a {@code CallEnded} (or an upload) reported {@code call}: reported values replace known
     * ones, values it does not carry keep what is known. The duration and channel count are only filled when
     * unknown, because {@code RecordingStored} measures them on the actual audio; a reported {@code UNKNOWN}
     * direction only fills an unknown one; empty metadata keeps the known metadata.
     *
     * @param call what the event reports
     * @return the details after it
     */
    CallDetails reportedAs(CallDetails call) {
        CallDirection reportedDirection = call.direction != null
                && (direction == null || call.direction != CallDirection.UNKNOWN) ? call.direction : direction;
        return new CallDetails(firstNonNull(call.providerCallId, providerCallId),
                firstNonNull(call.providerRecordingId, providerRecordingId),
                firstNonNull(call.providerAccountId, providerAccountId),
                firstNonNull(call.callStartedAt, callStartedAt), firstNonNull(call.callEndedAt, callEndedAt),
                firstNonNull(durationSeconds, call.durationSeconds), firstNonNull(channels, call.channels),
                reportedDirection, firstNonNull(call.agentId, agentId), firstNonNull(call.fromNumber, fromNumber),
                firstNonNull(call.toNumber, toNumber), call.metadata.isEmpty() ? metadata : call.metadata);
    }

    /**
     * What is known once the audio is stored: the measured duration and channel count replace the known ones when
     * measured, the call end only fills an unknown one.
     *
     * @param measuredDurationSeconds duration measured on the audio, whole seconds, or {@code null}
     * @param measuredChannels        channel count measured on the audio, or {@code null}
     * @param reportedCallEndedAt     the call end the stored event reports, or {@code null}
     * @return the details after it
     */
    CallDetails storedAs(Integer measuredDurationSeconds, Integer measuredChannels, Instant reportedCallEndedAt) {
        return new CallDetails(providerCallId, providerRecordingId, providerAccountId, callStartedAt,
                firstNonNull(callEndedAt, reportedCallEndedAt), firstNonNull(measuredDurationSeconds, durationSeconds),
                firstNonNull(measuredChannels, channels), direction, agentId, fromNumber, toNumber, metadata);
    }

    /** @return the details without the parties' numbers and the provider metadata, as a deletion leaves them */
    CallDetails erased() {
        return new CallDetails(providerCallId, providerRecordingId, providerAccountId, callStartedAt, callEndedAt,
                durationSeconds, channels, direction, agentId, null, null, Map.of());
    }

    private static <T> T firstNonNull(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
