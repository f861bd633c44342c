package dev.callvault.ingest.webhook;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter that must see every byte of the body exactly once (to count it or to MAC it): {@code skip} reads through
 * {@link #read(byte[], int, int)} instead of skipping, and {@code mark}/{@code reset} are not supported. Subclasses
 * override both {@code read} methods.
 */
abstract class EveryByteInputStream extends FilterInputStream {

    private static final int SKIP_BUFFER_BYTES = 8192;

    EveryByteInputStream(InputStream in) {
        super(in);
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), SKIP_BUFFER_BYTES)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: every byte must be seen once
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
