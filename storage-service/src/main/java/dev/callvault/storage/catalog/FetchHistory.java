package dev.callvault.storage.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/**
 * A recording's failed fetches and the provider's unavailability (columns {@code last_fetch_attempt_at} ..
 * {@code retryable} of {@code storage.recording}).
 *
 * @param lastAttemptAt when the last failed fetch attempt happened, or {@code null}
 * @param nextAttemptAt when fetch-worker will try again (the latest failure's {@code nextAttemptAt}), or {@code null}
 * @param lastError     the last error (fetch failure or the provider's unavailability reason), or {@code null}
 * @param lastErrorCode machine-readable code of {@code lastError}, or {@code null}
 * @param attempts      the highest attempt count any failure reported (running totals of one fetch), 0 without
 * @param retryable     whether the last failure may succeed on retry, or {@code null} without failure
 */
@Embeddable
public record FetchHistory(
        @Column(name = "last_fetch_attempt_at") Instant lastAttemptAt,
        @Column(name = "next_fetch_attempt_at") Instant nextAttemptAt,
        @Column(name = "last_error") String lastError,
        @Column(name = "last_error_code") String lastErrorCode,
        @Column(name = "fetch_attempts", nullable = false) int attempts,
        @Column(name = "retryable") Boolean retryable) {

    /** {@link #lastErrorCode} of a recording the provider reported as having no audio. */
    public static final String UNAVAILABLE_ERROR_CODE = "RECORDING_UNAVAILABLE";

    /** No failure yet. */
    static final FetchHistory NONE = new FetchHistory(null, null, null, null, 0, null);

    /**
     * @param failure a failed fetch
     * @return whether it is not older than the last failure recorded, so that it replaces the error fields
     */
    boolean isSupersededBy(FetchFailure failure) {
        return lastAttemptAt == null || !failure.attemptedAt().isBefore(lastAttemptAt);
    }

    /**
     * The history after a failure: the highest attempt count seen, and the failure's time, next attempt, error and
     * retryable flag if it {@linkplain #isSupersededBy supersedes} the last one recorded.
     *
     * @param failure the failure
     * @return the history after it
     */
    FetchHistory failed(FetchFailure failure) {
        int highest = Math.max(attempts, failure.attempts());
        if (!isSupersededBy(failure)) {
            return new FetchHistory(lastAttemptAt, nextAttemptAt, lastError, lastErrorCode, highest, retryable);
        }
        return new FetchHistory(failure.attemptedAt(), failure.nextAttemptAt(), failure.reason(), failure.errorCode(),
                highest, failure.retryable());
    }

    /**
     * @param reason the provider's reason or error code, may be {@code null} or blank (a generic reason is kept)
     * @return the history with the provider's unavailability as its last error, code {@link #UNAVAILABLE_ERROR_CODE}
     */
    FetchHistory unavailable(String reason) {
        return new FetchHistory(lastAttemptAt, nextAttemptAt,
                reason != null && !reason.isBlank() ? reason : "the provider reported no recording",
                UNAVAILABLE_ERROR_CODE, attempts, retryable);
    }

    /** @return the history without a scheduled next attempt; the rest is kept */
    FetchHistory withoutNextAttempt() {
        return new FetchHistory(lastAttemptAt, null, lastError, lastErrorCode, attempts, retryable);
    }
}
