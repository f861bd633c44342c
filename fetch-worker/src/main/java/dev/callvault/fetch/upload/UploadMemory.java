package dev.callvault.fetch.upload;

import dev.callvault.fetch.FetchProperties;
import dev.callvault.fetch.InfrastructureException;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The memory budget of the uploads in flight ({@code callvault.fetch.upload-memory}, default 64 MB): each upload
 * reserves the buffer it will hold (its declared length when the body fits in one part, one part otherwise) before it
 * reads the body, and waits, on its virtual thread, while the budget is spent. So the heap taken by recording bodies
 * is bounded by the budget, not by {@code max-in-flight × part-size}, and never grows with a recording's size.
 * Reservations are counted in KiB (rounded up), fair (first come, first served).
 */
@Component
public class UploadMemory {

    private static final long KIB = 1024;

    private final Semaphore kibibytes;
    private final int totalKibibytes;

    @Autowired
    UploadMemory(FetchProperties properties) {
        this(properties.uploadMemory().toBytes());
    }

    /**
     * @param budgetBytes the budget in bytes, at least one part (checked by {@link FetchProperties})
     */
    UploadMemory(long budgetBytes) {
        this.totalKibibytes = (int) Math.min(Integer.MAX_VALUE, ceilKib(budgetBytes));
        this.kibibytes = new Semaphore(totalKibibytes, true);
    }

    /**
     * Reserves a buffer, waiting until the budget has room.
     *
     * @param bytes the buffer's size in bytes, at most the budget
     * @return the reservation, released by {@link Lease#close()}
     * @throws InfrastructureException if interrupted while waiting (the worker is stopping)
     */
    public Lease lease(long bytes) {
        int permits = (int) Math.min(totalKibibytes, ceilKib(bytes));
        try {
            kibibytes.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for upload memory", e);
        }
        return new Lease(permits);
    }

    /** @return the bytes free in the budget now (KiB granularity) */
    public long availableBytes() {
        return kibibytes.availablePermits() * KIB;
    }

    private static long ceilKib(long bytes) {
        return (Math.max(bytes, 0) + KIB - 1) / KIB;
    }

    /** A reservation of upload memory. */
    public final class Lease implements AutoCloseable {

        private final int permits;
        private boolean released;

        private Lease(int permits) {
            this.permits = permits;
        }

        /** Gives the reservation back; a second call does nothing. */
        @Override
        public void close() {
            if (!released) {
                released = true;
                kibibytes.release(permits);
            }
        }
    }
}
