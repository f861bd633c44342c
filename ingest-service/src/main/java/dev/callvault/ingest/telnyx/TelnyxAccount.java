package dev.callvault.ingest.telnyx;

import dev.callvault.ingest.tenants.WebhookCredentials;

/**
 * A tenant's Telnyx account as the ingest needs it, {@code callvault.tenants.<id>.telnyx.public-key}. The block's
 * {@code api-key} is the fetch worker's and is not bound here.
 *
 * @param publicKey the account's webhook public key as the Telnyx portal shows it: base64 of the raw 32-byte Ed25519
 *                  public key, or of its 44-byte X.509 SubjectPublicKeyInfo ({@link TelnyxPublicKey}); never logged
 */
record TelnyxAccount(String publicKey) implements WebhookCredentials {

    /** The tenants' configuration block of Telnyx. */
    static final String BLOCK = "telnyx";

    @Override
    public boolean isComplete() {
        return WebhookCredentials.hasText(publicKey);
    }

    @Override
    public String toString() {
        return "TelnyxAccount[publicKey=<set>]";
    }
}
