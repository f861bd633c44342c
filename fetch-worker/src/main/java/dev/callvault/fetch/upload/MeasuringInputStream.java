package dev.callvault.fetch.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Passes a body through while counting its bytes and computing its SHA-256 (FIPS 180-4), and checks it against a
 * declared length: a body that ends before its {@code Content-Length}, or runs past it, fails with
 * {@link TruncatedBodyException}. Remembers the first failure of the source, so that a caller can tell a provider's
 * broken body from a failing consumer (the object store) when both surface as one exception. Not thread-safe, but
 * may be read by one thread after another.
 */
public final class MeasuringInputStream extends FilterInputStream {

    private final long expectedLength;
    private final long maxBytes;
    private final MessageDigest digest;
    private volatile long count;
    private volatile IOException sourceFailure;
    private String sha256;

    /**
     * @param source         the body
     * @param expectedLength its declared length in bytes, or -1 when unknown
     */
    public MeasuringInputStream(InputStream source, long expectedLength) {
        this(source, expectedLength, Long.MAX_VALUE);
    }

    /**
     * @param source         the body
     * @param expectedLength its declared length in bytes, or -1 when unknown
     * @param maxBytes       the most bytes accepted: a body running past them fails with
     *                       {@link RecordingTooLargeException}
     */
    public MeasuringInputStream(InputStream source, long expectedLength, long maxBytes) {
        super(source);
        this.expectedLength = expectedLength;
        this.maxBytes = maxBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            throw remember(e);
        }
        if (n < 0) {
            if (expectedLength >= 0 && count != expectedLength) {
                throw remember(new TruncatedBodyException(expectedLength, count));
            }
            return n;
        }
        digest.update(buffer, offset, n);
        count += n;
        if (count > maxBytes) {
            throw remember(new RecordingTooLargeException(maxBytes));
        }
        if (expectedLength >= 0 && count > expectedLength) {
            throw remember(new TruncatedBodyException(expectedLength, count));
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping would leave bytes out of the hash");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private IOException remember(IOException e) {
        if (sourceFailure == null) {
            sourceFailure = e;
        }
        return e;
    }

    /** @return bytes read so far */
    public long count() {
        return count;
    }

    /** @return the first exception the source threw (or a length mismatch), if any */
    public Optional<IOException> sourceFailure() {
        return Optional.ofNullable(sourceFailure);
    }

    /**
     * Finishes the hash; call once the body was read to its end.
     *
     * @return SHA-256 of every byte read, lowercase hex (64 characters)
     */
    public synchronized String sha256Hex() {
        if (sha256 == null) {
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
        return sha256;
    }
}
