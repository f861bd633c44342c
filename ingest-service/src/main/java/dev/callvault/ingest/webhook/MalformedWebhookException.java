package dev.callvault.ingest.webhook;

import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;

/** 400: the body does not decode (bad form, bad JSON) or a required field is missing or invalid. */
public class MalformedWebhookException extends WebhookRejectedException {

    /**
     * @param detail what is wrong, safe to show to the caller
     */
    public MalformedWebhookException(String detail) {
        super(HttpStatus.BAD_REQUEST, "Malformed webhook", detail);
    }

    /**
     * The 400 of a JSON body that Jackson could not read.
     *
     * @param e Jackson's failure: an I/O failure of the body (a truncated upload) or a syntax error
     * @return the rejection, with Jackson's message without the body's content
     */
    public static MalformedWebhookException of(JacksonException e) {
        return new MalformedWebhookException(e instanceof JacksonIOException
                ? "The body could not be read completely."
                : "The body is not valid JSON: " + e.getOriginalMessage());
    }
}
