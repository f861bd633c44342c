package dev.callvault.fetch.providers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body with a read timeout the JDK {@code HttpClient} lacks once headers arrived (JDK-8208693): a
 * watchdog closes the body when no byte arrived for {@code idleTimeout} or the attempt outlived
 * {@code attemptTimeout}, which makes a blocked read fail; the failure then surfaces as an
 * {@link HttpTimeoutException}.
 */
final class GuardedInputStream extends FilterInputStream {

    private final long idleTimeoutNanos;
    private final long attemptDeadlineNanos;
    private final ScheduledFuture<?> watchdog;
    private volatile long lastProgressNanos;
    private volatile String timeout;

    GuardedInputStream(InputStream body, ScheduledExecutorService scheduler, Duration idleTimeout,
            Duration attemptTimeout, long attemptStartNanos) {
        super(body);
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.attemptDeadlineNanos = attemptStartNanos + attemptTimeout.toNanos();
        this.lastProgressNanos = System.nanoTime();
        long periodMillis = Math.max(50, Math.min(1000, idleTimeout.toMillis() / 4));
        this.watchdog = scheduler.scheduleWithFixedDelay(this::check, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    private void check() {
        long now = System.nanoTime();
        if (now - lastProgressNanos > idleTimeoutNanos) {
            expire("no body bytes for " + Duration.ofNanos(idleTimeoutNanos).toSeconds() + " s");
        } else if (now - attemptDeadlineNanos > 0) {
            expire("attempt took longer than its timeout");
        }
    }

    private void expire(String reason) {
        timeout = reason;
        watchdog.cancel(false);
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the failure
        }
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            lastProgressNanos = System.nanoTime();
            return b;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            lastProgressNanos = System.nanoTime();
            if (n < 0 && timeout != null) {
                throw new HttpTimeoutException(timeout);
            }
            return n;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private IOException translate(IOException e) {
        if (timeout != null && !(e instanceof HttpTimeoutException)) {
            HttpTimeoutException timedOut = new HttpTimeoutException(timeout);
            timedOut.initCause(e);
            return timedOut;
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        watchdog.cancel(false);
        super.close();
    }
}
