package dev.callvault.fetch.providers;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt to fetch a recording failed for a reason that concerns the provider or the recording (not our
 * infrastructure). Its message is safe to publish: it never holds credentials, signatures or full URLs.
 */
public class FetchFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FailureCode code;
    private final Integer httpStatus;
    private final Duration retryAfter;

    /**
     * @param code       the cause
     * @param reason     a human-readable reason without secrets
     * @param httpStatus the provider's HTTP status, or {@code null} when there was no response
     * @param retryAfter the provider's {@code Retry-After}, or {@code null}
     * @param cause      the underlying exception, or {@code null}
     */
    public FetchFailedException(FailureCode code, String reason, Integer httpStatus, Duration retryAfter,
            Throwable cause) {
        super(reason, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /**
     * @param code   the cause
     * @param reason a human-readable reason without secrets
     */
    public FetchFailedException(FailureCode code, String reason) {
        this(code, reason, null, null, null);
    }

    /** @return the cause */
    public FailureCode code() {
        return code;
    }

    /** @return the provider's HTTP status, if there was a response */
    public Optional<Integer> httpStatus() {
        return Optional.ofNullable(httpStatus);
    }

    /** @return how long the provider asked us to wait ({@code Retry-After}), if it did */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** @return whether a later attempt may succeed */
    public boolean retryable() {
        return code.retryable();
    }
}
