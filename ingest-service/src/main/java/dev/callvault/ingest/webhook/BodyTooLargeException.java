package dev.callvault.ingest.webhook;

import org.springframework.http.HttpStatus;

/** 413: the request body exceeds the configured limit. */
public class BodyTooLargeException extends WebhookRejectedException {

    /**
     * @param limitBytes the limit that was exceeded, in bytes
     */
    public BodyTooLargeException(long limitBytes) {
        super(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                "The request body exceeds the limit of " + limitBytes + " bytes.");
    }
}
