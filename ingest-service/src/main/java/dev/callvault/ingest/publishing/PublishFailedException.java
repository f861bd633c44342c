package dev.callvault.ingest.publishing;

/**
 * The broker did not acknowledge an event in time (unreachable, not enough in-sync replicas, timeout). The webhook is
 * answered 503 with {@code Retry-After}, so the provider delivers it again.
 */
public class PublishFailedException extends RuntimeException {

    /**
     * @param message what could not be published, without payload or secrets
     * @param cause   the producer's failure
     */
    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
