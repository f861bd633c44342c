package dev.callvault.platform.kafka;

/**
 * The broker did not acknowledge every record handed to {@link AcknowledgedPublisher} within the wait: a send threw
 * (no metadata within {@code max.block.ms}), a record failed (unreachable broker, not enough in-sync replicas,
 * {@code delivery.timeout.ms} passed), the wait ended first, or the waiting thread was interrupted (its interrupt flag
 * is then set again). Some records may have gone nonetheless: {@link #acknowledged()} counts those known to have;
 * others may still arrive late unless the producer's own bounds end before the wait
 * ({@link AcknowledgedPublisher#requireDeliveryEndsWithin}).
 *
 * <p>The message names the counts, the topics and the first failure, never a record's key or value.
 */
public class PublishFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int acknowledged;
    private final int total;

    /**
     * @param acknowledged records the broker acknowledged, {@code 0..total}
     * @param total        records handed over
     * @param topics       the topics they were meant for, for the message
     * @param cause        the first failure (a producer exception, a {@link java.util.concurrent.TimeoutException}
     *                     or an {@link InterruptedException})
     */
    public PublishFailedException(int acknowledged, int total, String topics, Throwable cause) {
        super(acknowledged + " of " + total + " records to " + topics + " acknowledged before publishing failed: "
                + describe(cause), cause);
        this.acknowledged = acknowledged;
        this.total = total;
    }

    /** The failure and, when it wraps another ({@code KafkaException: Send failed}), the root cause too. */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause) : cause + " (" + root + ")";
    }

    /** @return records the broker acknowledged, {@code 0..}{@link #total()} */
    public int acknowledged() {
        return acknowledged;
    }

    /** @return records handed over to be published */
    public int total() {
        return total;
    }
}
