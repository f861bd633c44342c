package dev.callvault.platform.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which listeners are retrying a failure that may pass (database or broker unavailable), since when and why: what
 * the {@code consumers} health component reports ({@link ConsumerHealthIndicator}). {@link EventBatchProcessor}
 * records a failure before the error handler backs off and clears it when a batch of the listener succeeds.
 */
public class ConsumerFailures {

    private final Clock clock;
    private final Map<String, Failure> failing = new ConcurrentHashMap<>();

    /**
     * @param clock the clock of {@link Failure#since()}
     */
    public ConsumerFailures(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records that a listener's batch failed and will be retried.
     *
     * @param listenerId the listener's consumer, e.g. {@code catalog@kafka-2}
     * @param cause      the failure; only its class and message are kept
     */
    public void failed(String listenerId, Throwable cause) {
        Instant now = clock.instant();
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getClass().getSimpleName() + ": " + root.getMessage();
        failing.compute(listenerId, (id, previous) -> new Failure(previous == null ? now : previous.since(), now,
                previous == null ? 1 : previous.attempts() + 1, reason));
    }

    /**
     * Records that a listener's batch succeeded.
     *
     * @param listenerId the listener's consumer, e.g. {@code catalog@kafka-2}
     */
    public void succeeded(String listenerId) {
        failing.remove(listenerId);
    }

    /** @return the failing listeners by id, sorted; empty when every listener is healthy */
    public Map<String, Failure> failing() {
        return new TreeMap<>(failing);
    }

    /**
     * A listener's current run of failures.
     *
     * @param since    the first failure of the run
     * @param last     the latest failure
     * @param attempts failed attempts in the run
     * @param reason   the latest root cause, class and message
     */
    public record Failure(Instant since, Instant last, int attempts, String reason) {
    }
}
