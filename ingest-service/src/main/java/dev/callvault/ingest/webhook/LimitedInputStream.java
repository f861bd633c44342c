package dev.callvault.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read from a request body and fails with {@link BodyTooLargeException} as soon as they exceed the
 * limit; it never reads more than one byte beyond the limit. The limit can be lowered while reading, once the kind of
 * body is known. Not thread-safe; {@code mark}/{@code reset} are not supported.
 */
public final class LimitedInputStream extends EveryByteInputStream {

    private long limit;
    private long count;

    /**
     * @param in         the body
     * @param limitBytes largest number of bytes allowed
     */
    public LimitedInputStream(InputStream in, long limitBytes) {
        super(in);
        this.limit = limitBytes;
    }

    /**
     * Rejects a request whose declared {@code Content-Length} already exceeds the limit, before reading anything.
     *
     * @param contentLength the declared length in bytes, or -1 when unknown (chunked)
     * @param limitBytes    the limit in bytes
     * @throws BodyTooLargeException if {@code contentLength > limitBytes}
     */
    public static void checkDeclaredLength(long contentLength, long limitBytes) {
        if (contentLength > limitBytes) {
            throw new BodyTooLargeException(limitBytes);
        }
    }

    /**
     * Lowers the limit.
     *
     * @param limitBytes the new limit in bytes; a higher value than the current limit is ignored
     * @throws BodyTooLargeException if more bytes than the new limit were already read
     */
    public void restrictTo(long limitBytes) {
        limit = Math.min(limit, limitBytes);
        checkCount();
    }

    /** @return bytes read so far */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count++;
            checkCount();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int allowed = (int) Math.min(length, Math.max(1, limit - count + 1));
        int n = in.read(buffer, offset, allowed);
        if (n > 0) {
            count += n;
            checkCount();
        }
        return n;
    }

    private void checkCount() {
        if (count > limit) {
            throw new BodyTooLargeException(limit);
        }
    }
}
