package dev.callvault.audit.messaging;

/**
 * Thrown by a listener for a record that will never be recorded, however often it is retried (an event without a
 * tenant, an event type that does not belong on the topic). The error handler sends the record to
 * {@code <topic>-dlt} at once, on the same partition, instead of backing off.
 */
public class NonRetryableEventException extends RuntimeException {

    /**
     * @param message why the event is refused; no secrets (it ends up in logs and dead-letter headers)
     */
    public NonRetryableEventException(String message) {
        super(message);
    }
}
