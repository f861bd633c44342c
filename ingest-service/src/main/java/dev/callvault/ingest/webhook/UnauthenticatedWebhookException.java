package dev.callvault.ingest.webhook;

import org.springframework.http.HttpStatus;

/**
 * 401: the signature is missing, malformed, stale or wrong, or the callback names another provider account than the
 * tenant's.
 */
public class UnauthenticatedWebhookException extends WebhookRejectedException {

    /**
     * @param detail why, without the signature itself
     */
    public UnauthenticatedWebhookException(String detail) {
        super(HttpStatus.UNAUTHORIZED, "Webhook not authenticated", detail);
    }
}
