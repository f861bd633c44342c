package dev.callvault.storage.messaging;

/**
 * The broker did not acknowledge every record of a batch ({@link AcknowledgedPublisher#publishAll}). Some records may
 * have gone nonetheless: {@link #acknowledged()} counts those known to have; others may still arrive late.
 */
public class PublishFailedException extends RuntimeException {

    private final int acknowledged;
    private final int total;

    /**
     * @param acknowledged records of the batch the broker acknowledged
     * @param total        records in the batch
     * @param cause        the first failure
     */
    public PublishFailedException(int acknowledged, int total, Throwable cause) {
        super(acknowledged + " of " + total + " events acknowledged before publishing failed: " + cause, cause);
        this.acknowledged = acknowledged;
        this.total = total;
    }

    /** @return records of the batch the broker acknowledged */
    public int acknowledged() {
        return acknowledged;
    }

    /** @return records in the batch */
    public int total() {
        return total;
    }
}
