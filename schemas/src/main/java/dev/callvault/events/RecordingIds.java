package dev.callvault.events;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Derives CallVault recording ids from provider ids, so that duplicate webhooks, reconciliation and replays converge
 * on one recording.
 *
 * <p>The id is the name-based (version 3, RFC 9562 section 5.3) UUID of {@code "<provider>:<providerRecordingId>"},
 * the provider in lower case: {@code twilio:RE…} (Twilio's {@code RecordingSid}), {@code elevenlabs:<conversation_id>},
 * {@code vapi:<call id>}.
 */
public final class RecordingIds {

    private RecordingIds() {
    }

    /**
     * Computes the recording id of a provider's recording.
     *
     * @param provider            the provider
     * @param providerRecordingId the provider's own id of the recording, not blank
     * @return the recording id, stable across calls and processes
     * @throws IllegalArgumentException if {@code providerRecordingId} is blank
     */
    public static UUID of(Provider provider, String providerRecordingId) {
        Objects.requireNonNull(provider, "provider");
        if (providerRecordingId == null || providerRecordingId.isBlank()) {
            throw new IllegalArgumentException("providerRecordingId must not be blank");
        }
        String name = provider.name().toLowerCase(Locale.ROOT) + ":" + providerRecordingId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
