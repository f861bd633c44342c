package dev.callvault.ingest.webhook;

import org.springframework.http.HttpStatus;

/** 404: no such tenant, or the tenant has no credentials for the provider of this endpoint. */
public class UnknownTenantException extends WebhookRejectedException {

    /**
     * @param detail which tenant
     */
    public UnknownTenantException(String detail) {
        super(HttpStatus.NOT_FOUND, "Unknown tenant", detail);
    }
}
