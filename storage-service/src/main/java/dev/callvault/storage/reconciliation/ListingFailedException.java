package dev.callvault.storage.reconciliation;

/**
 * A provider's listing could not be read (transport error, non-2xx answer, unreadable JSON, a page link outside the
 * base URL). The message names the provider and the HTTP status, never credentials or response bodies.
 */
class ListingFailedException extends RuntimeException {

    ListingFailedException(String message) {
        super(message);
    }

    ListingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
