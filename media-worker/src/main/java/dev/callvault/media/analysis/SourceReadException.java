package dev.callvault.media.analysis;

import java.io.IOException;

/**
 * Reading the recording's bytes from object storage failed while ffmpeg decoded them: a failure of the store, which
 * may pass, so the record is retried.
 */
public class SourceReadException extends IOException {

    /**
     * @param cause the store's failure
     */
    public SourceReadException(IOException cause) {
        super("reading the recording failed: " + cause.getMessage(), cause);
    }
}
