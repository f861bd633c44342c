package dev.callvault.fetch.upload;

import dev.callvault.fetch.InfrastructureException;

/**
 * The object store failed (unreachable, refused, errored). Not the provider's fault and not the recording's: the
 * record is not committed and is retried until the store answers again.
 */
public class StorageException extends InfrastructureException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was attempted, with bucket and key (never credentials)
     * @param cause   the client's exception
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
