package dev.callvault.fetch.providers;

/**
 * What a provider client needs to fetch one recording.
 *
 * @param tenantId            the tenant whose credentials are used
 * @param providerRecordingId the provider's id (Twilio {@code RecordingSid}, ElevenLabs
 *                            {@code conversation_id}, Vapi call id)
 * @param providerAccountId   the provider account named by the event (Twilio {@code AccountSid}), or {@code null}
 * @param channels            the recording's channels when known (2 asks Twilio for both channels), or {@code null}
 * @param recordingUrl        the recording URL the webhook gave (Vapi: a pre-signed storage URL), or {@code null}
 */
public record RecordingRequest(String tenantId, String providerRecordingId, String providerAccountId,
        Integer channels, String recordingUrl) {

    /**
     * A request without a recording URL: the provider's API is asked.
     *
     * @param tenantId            the tenant whose credentials are used
     * @param providerRecordingId the provider's id
     * @param providerAccountId   the provider account named by the event, or {@code null}
     * @param channels            the recording's channels when known, or {@code null}
     */
    public RecordingRequest(String tenantId, String providerRecordingId, String providerAccountId, Integer channels) {
        this(tenantId, providerRecordingId, providerAccountId, channels, null);
    }
}
