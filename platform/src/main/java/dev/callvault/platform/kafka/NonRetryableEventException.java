package dev.callvault.platform.kafka;

/**
 * Thrown for an event that will never apply, however often it is retried (invalid content, a tenant that does not own
 * the recording, an event type that does not belong on its topic). {@link EventBatchProcessor} sends its record to
 * {@code <topic>-dlt} on the same partition and applies the rest of the batch; any other failure is retried.
 */
public class NonRetryableEventException extends RuntimeException {

    /**
     * @param message why the event is refused; no secrets (it ends up in logs and dead-letter headers)
     */
    public NonRetryableEventException(String message) {
        super(message);
    }
}
