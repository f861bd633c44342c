package dev.callvault.storage.catalog;

import java.time.Instant;

/**
 * What a {@code RecordingFetchFailed} event says about the failure.
 *
 * @param reason      human-readable reason
 * @param errorCode   machine-readable cause, or {@code null}
 * @param retryable   whether a later retry may succeed
 * @param attempts      attempts made in that fetch so far (a running total)
 * @param attemptedAt   when the last attempt failed (the event's {@code occurredAt})
 * @param nextAttemptAt when fetch-worker tries again, or {@code null} after its final attempt
 */
record FetchFailure(String reason, String errorCode, boolean retryable, int attempts, Instant attemptedAt,
        Instant nextAttemptAt) {
}
