package dev.callvault.ingest.vapi;

import dev.callvault.ingest.tenants.WebhookCredentials;

/**
 * A tenant's Vapi account as the ingest needs it, {@code callvault.tenants.<id>.vapi.webhook-secret}.
 *
 * @param webhookSecret the secret Vapi presents as {@code Authorization: Bearer} or {@code X-Vapi-Secret}; never
 *                      logged
 */
record VapiAccount(String webhookSecret) implements WebhookCredentials {

    /** The tenants' configuration block of Vapi. */
    static final String BLOCK = "vapi";

    @Override
    public boolean isComplete() {
        return WebhookCredentials.hasText(webhookSecret);
    }

    @Override
    public String toString() {
        return "VapiAccount[webhookSecret=<set>]";
    }
}
