package dev.callvault.fetch.upload;

import java.io.IOException;

/**
 * A body runs past {@code callvault.fetch.max-recording-size}: the upload stops there (a single PUT is never sent, a
 * multipart upload is aborted), and the fetch fails for good.
 */
public class RecordingTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param maxBytes the largest recording accepted, in bytes */
    public RecordingTooLargeException(long maxBytes) {
        super("body runs past the largest recording accepted, " + maxBytes + " bytes");
    }
}
