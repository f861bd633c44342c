package dev.callvault.local.testing;

import dev.callvault.events.Provider;
import java.util.UUID;

/**
 * One call a provider reports to CallVault (chaos scenarios, benchmarks), and what the bucket must hold for it once it
 * is fetched.
 *
 * @param provider            the provider (Twilio or ElevenLabs)
 * @param providerRecordingId Twilio's {@code RecordingSid} or ElevenLabs' {@code conversation_id}
 * @param recordingId         {@code RecordingIds.of("demo", provider, providerRecordingId)} (the local stack's tenant)
 * @param sha256              SHA-256 of the audio the simulator serves for it, lowercase hex
 * @param sizeBytes           length of that audio in bytes
 */
public record ProviderCall(Provider provider, String providerRecordingId, UUID recordingId, String sha256, long sizeBytes) {
}
