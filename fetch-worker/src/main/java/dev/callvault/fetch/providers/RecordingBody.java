package dev.callvault.fetch.providers;

import java.io.IOException;
import java.io.InputStream;

/**
 * A provider's 2xx answer whose body has not been read yet. Close it to release the connection.
 *
 * @param status        the HTTP status (2xx)
 * @param stream        the body, guarded by the read and attempt timeouts (a stalled body fails with an
 *                      {@link IOException})
 * @param contentLength the declared {@code Content-Length} in bytes, or -1 when not given (chunked)
 * @param contentType   the declared {@code Content-Type}, or {@code null}
 */
public record RecordingBody(int status, InputStream stream, long contentLength, String contentType) implements AutoCloseable {

    /** Releases the connection; a failure to close is of no consequence once the outcome is decided. */
    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing more to read from it
        }
    }
}
