package dev.callvault.fetch.fetching;

import dev.callvault.fetch.providers.FetchFailedException;
import java.util.UUID;

/**
 * A fetch failed for a reason that may pass (outage, rate limit, recording not ready) and its in-place retries are
 * spent: thrown by the listener after the retryable {@code RecordingFetchFailed} was acknowledged, so that spring-kafka
 * moves the record to the next retry topic (or, after the last one, to the dead-letter topic).
 */
public class RetryLaterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * @param recordingId the recording
     * @param attempts    provider attempts made so far, over every delivery
     * @param failure     the last attempt's failure
     */
    public RetryLaterException(UUID recordingId, int attempts, FetchFailedException failure) {
        super("fetch of recording " + recordingId + " to be retried later after " + attempts + " attempt(s): "
                + failure.code(), failure);
        this.attempts = attempts;
    }

    /** @return provider attempts made so far, over every delivery */
    public int attempts() {
        return attempts;
    }
}
