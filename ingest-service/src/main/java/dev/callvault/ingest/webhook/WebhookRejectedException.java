package dev.callvault.ingest.webhook;

import org.springframework.http.HttpStatus;

/**
 * A webhook refused with a 4xx answer. The message is the problem detail's {@code detail}: it must never contain a
 * secret, a signature or a token.
 */
public abstract class WebhookRejectedException extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    /**
     * @param status the answer's status (4xx)
     * @param title  short, fixed summary of the problem type
     * @param detail explanation for this occurrence, safe to show to the caller
     */
    protected WebhookRejectedException(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    /** @return the HTTP status of the answer */
    public HttpStatus status() {
        return status;
    }

    /** @return the problem detail's title */
    public String title() {
        return title;
    }
}
