package dev.callvault.storage.uploads;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An upload's bytes on their way to the bucket: counted, hashed (SHA-256, FIPS 180-4) and held to the tenant's size
 * limit. The read that passes the limit fails with an {@code IOException} whose cause is the 413
 * {@link UploadRefusedException}, which aborts the store's multipart upload and becomes the answer. Not thread-safe.
 */
final class UploadBody extends FilterInputStream {

    private final long limitBytes;
    private final MessageDigest digest;
    private long count;

    /**
     * @param source     the bytes
     * @param limitBytes the most bytes allowed
     */
    UploadBody(InputStream source, long limitBytes) {
        super(source);
        this.limitBytes = limitBytes;
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
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            if (count > limitBytes) {
                throw new IOException("the upload passed its limit", UploadRefusedException.tooLarge(limitBytes));
            }
            digest.update(buffer, offset, n);
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

    /** @return bytes read so far */
    long count() {
        return count;
    }

    /** @return SHA-256 of every byte read, lowercase hex; call once, after the end */
    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
