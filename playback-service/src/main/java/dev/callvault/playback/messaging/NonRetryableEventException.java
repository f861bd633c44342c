package dev.callvault.playback.messaging;

/**
 * Thrown by a listener for an event that will never apply, however often it is retried (invalid content, a tenant
 * that does not own the recording). The error handler sends the record to {@code <topic>-dlt} at once, on the same
 * partition, instead of backing off.
 */
public class NonRetryableEventException extends RuntimeException {

    /**
     * @param message why the event is refused; no secrets (it ends up in logs and dead-letter headers)
     */
    public NonRetryableEventException(String message) {
        super(message);
    }
}
