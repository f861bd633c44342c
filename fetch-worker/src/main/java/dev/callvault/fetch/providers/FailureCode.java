package dev.callvault.fetch.providers;

/**
 * Machine-readable causes of a failed fetch, published as {@code RecordingFetchFailed.errorCode}, each with whether a
 * later retry (backfill) may succeed ({@code RecordingFetchFailed.retryable}).
 */
public enum FailureCode {

    /** The provider answered 401: the tenant's credentials are wrong. Never retried. */
    PROVIDER_UNAUTHORIZED(false),
    /** The provider answered 403. */
    PROVIDER_FORBIDDEN(false),
    /** The provider answered 404: not ready yet shortly after the call, or gone. */
    PROVIDER_NOT_FOUND(true),
    /** The provider answered 429 (rate limited). */
    PROVIDER_RATE_LIMITED(true),
    /** The provider answered 5xx. */
    PROVIDER_UNAVAILABLE(true),
    /** The provider answered another 4xx. */
    PROVIDER_REJECTED(false),
    /** The provider could not be reached (connection refused or reset, DNS, TLS). */
    PROVIDER_UNREACHABLE(true),
    /** The provider did not answer, or stopped sending the body, within the configured timeouts. */
    PROVIDER_TIMEOUT(true),
    /** The provider's circuit breaker is open after repeated faults: no request was sent. */
    PROVIDER_CIRCUIT_OPEN(true),
    /** Every concurrent download slot of the provider and tenant stayed busy: no request was sent. */
    PROVIDER_CONCURRENCY_LIMITED(true),
    /**
     * The provider redirected outside its configured base URL (for Vapi: outside the API base URL and
     * {@code callvault.providers.vapi.recording-hosts}); not followed, nothing requested there.
     */
    PROVIDER_REDIRECT_REFUSED(false),
    /** The body ended before its Content-Length, or the connection broke while it streamed. */
    TRUNCATED_BODY(true),
    /**
     * The recording is larger than {@code callvault.fetch.max-recording-size} (declared by its Content-Length, or
     * counted while it streamed); nothing is stored.
     */
    RECORDING_TOO_LARGE(false),
    /** The body is not audio (HTML, JSON, ...). */
    NOT_AUDIO(false),
    /** The tenant has no (or malformed) credentials for the provider. */
    UNKNOWN_TENANT_CREDENTIALS(false),
    /** The event names a provider account other than the tenant's configured one. */
    PROVIDER_ACCOUNT_MISMATCH(false),
    /** No client for the event's provider. */
    UNSUPPORTED_PROVIDER(false),
    /**
     * The event is inconsistent: unsafe ids, or a recording id that is neither {@code RecordingIds.of(...)} nor its
     * {@code RecordingIds.legacyOf(...)}.
     */
    INVALID_EVENT(false);

    private final boolean retryable;

    FailureCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** @return whether a later attempt may succeed */
    public boolean retryable() {
        return retryable;
    }
}
