package dev.callvault.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import javax.crypto.Mac;

/**
 * Feeds every byte read through it into a {@link Mac}, so that a body's HMAC is computed while it streams to a parser
 * and the body never has to be held whole. Reading to the end (see {@link #drain()}) makes the MAC cover the complete
 * body. {@code mark}/{@code reset} are not supported.
 */
public final class MacInputStream extends EveryByteInputStream {

    private final Mac mac;

    /**
     * @param in  the body
     * @param mac an initialised MAC, possibly already updated with a prefix
     */
    public MacInputStream(InputStream in, Mac mac) {
        super(in);
        this.mac = mac;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            mac.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            mac.update(buffer, offset, n);
        }
        return n;
    }

    /**
     * Reads the rest of the stream into the MAC, in 8 KiB steps.
     *
     * @return the number of bytes that were left
     * @throws IOException if the body cannot be read
     */
    public long drain() throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = read(buffer, 0, buffer.length)) >= 0) {
            total += n;
        }
        return total;
    }

    /** @return the MAC of everything read so far; resets the MAC */
    public byte[] doFinal() {
        return mac.doFinal();
    }
}
