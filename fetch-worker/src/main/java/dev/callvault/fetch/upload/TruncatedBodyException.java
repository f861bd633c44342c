package dev.callvault.fetch.upload;

import java.io.IOException;

/** A body's length differs from its declared {@code Content-Length} (RFC 9112 section 6.3: an incomplete message). */
public class TruncatedBodyException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param expectedBytes the declared length
     * @param actualBytes   the bytes received
     */
    public TruncatedBodyException(long expectedBytes, long actualBytes) {
        super("body length " + actualBytes + " bytes differs from Content-Length " + expectedBytes + " bytes");
    }
}
