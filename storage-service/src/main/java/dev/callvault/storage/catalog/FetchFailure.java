package dev.callvault.storage.catalog;

import java.time.Instant;

/**
 * What a {@code RecordingFetchFailed} event says about the failure.
 *
 * @param reason      human-readable reason
 * @param errorCode   machine-readable cause, or {@code null}
 * @param retryable   whether a later retry may succeed
 * @param attempts    attempts made in that fetch
 * @param attemptedAt when the last attempt failed (the event's {@code occurredAt})
 */
record FetchFailure(String reason, String errorCode, boolean retryable, int attempts, Instant attemptedAt) {
}
