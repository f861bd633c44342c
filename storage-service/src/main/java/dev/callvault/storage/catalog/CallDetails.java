package dev.callvault.storage.catalog;

import dev.callvault.events.CallDirection;
import java.time.Instant;
import java.util.Map;

/**
 * What a {@code CallEnded} event says about the call; {@code null} means "not reported".
 *
 * @param providerCallId      the provider's call id
 * @param providerRecordingId the provider's recording id
 * @param providerAccountId   the provider account
 * @param callStartedAt       call start
 * @param callEndedAt         call end
 * @param durationSeconds     duration in whole seconds
 * @param channels            number of audio channels
 * @param direction           call direction
 * @param agentId             agent on the call
 * @param fromNumber          calling party
 * @param toNumber            called party
 * @param metadata            other provider metadata
 */
record CallDetails(String providerCallId, String providerRecordingId, String providerAccountId, Instant callStartedAt,
        Instant callEndedAt, Integer durationSeconds, Integer channels, CallDirection direction, String agentId,
        String fromNumber, String toNumber, Map<String, String> metadata) {
}
