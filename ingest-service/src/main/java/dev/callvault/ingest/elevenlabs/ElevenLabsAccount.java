package dev.callvault.ingest.elevenlabs;

import dev.callvault.ingest.tenants.WebhookCredentials;

/**
 * A tenant's ElevenLabs workspace as the ingest needs it, {@code callvault.tenants.<id>.elevenlabs.webhook-secret}.
 *
 * @param webhookSecret the HMAC-SHA256 key of post-call webhooks ({@code ElevenLabs-Signature}); never logged
 */
record ElevenLabsAccount(String webhookSecret) implements WebhookCredentials {

    /** The tenants' configuration block of ElevenLabs. */
    static final String BLOCK = "elevenlabs";

    @Override
    public boolean isComplete() {
        return WebhookCredentials.hasText(webhookSecret);
    }

    @Override
    public String toString() {
        return "ElevenLabsAccount[webhookSecret=<set>]";
    }
}
