package dev.callvault.ingest.webhook;

import org.springframework.http.HttpStatus;

/** 400: the body does not decode (bad form, bad JSON) or a required field is missing or invalid. */
public class MalformedWebhookException extends WebhookRejectedException {

    /**
     * @param detail what is wrong, safe to show to the caller
     */
    public MalformedWebhookException(String detail) {
        super(HttpStatus.BAD_REQUEST, "Malformed webhook", detail);
    }
}
