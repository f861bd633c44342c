package dev.callvault.ingest.twilio;

import dev.callvault.ingest.tenants.WebhookCredentials;

/**
 * A tenant's Twilio account as the ingest needs it, {@code callvault.tenants.<id>.twilio.*}.
 *
 * @param accountSid the account SID callbacks must name ({@code AccountSid})
 * @param authToken  the auth token that signs callbacks ({@code X-Twilio-Signature}); never logged
 */
record TwilioAccount(String accountSid, String authToken) implements WebhookCredentials {

    /** The tenants' configuration block of Twilio. */
    static final String BLOCK = "twilio";

    @Override
    public boolean isComplete() {
        return WebhookCredentials.hasText(accountSid) && WebhookCredentials.hasText(authToken);
    }

    @Override
    public String toString() {
        return "TwilioAccount[accountSid=" + accountSid + "]";
    }
}
