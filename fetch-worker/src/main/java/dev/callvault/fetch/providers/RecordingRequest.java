package dev.callvault.fetch.providers;

/**
 * What a provider client needs to fetch one recording.
 *
 * @param tenantId            the tenant whose credentials are used
 * @param providerRecordingId the provider's id (Twilio {@code RecordingSid}, ElevenLabs {@code conversation_id})
 * @param providerAccountId   the provider account named by the event (Twilio {@code AccountSid}), or {@code null}
 * @param channels            the recording's channels when known (2 asks Twilio for both channels), or {@code null}
 */
public record RecordingRequest(String tenantId, String providerRecordingId, String providerAccountId,
        Integer channels) {
}
