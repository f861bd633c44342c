package dev.callvault.fetch;

/**
 * Our own infrastructure failed (object store, broker, shutdown), not the provider or the recording. The record being
 * processed is neither committed nor dead-lettered: it is re-delivered after a back-off until the infrastructure
 * answers again, so no outcome is lost and none is invented.
 */
public class InfrastructureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed (no secrets)
     * @param cause   the underlying failure
     */
    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
