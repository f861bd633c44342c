package dev.callvault.media.analysis;

/**
 * The audio cannot be decoded: ffmpeg found no audio stream, refused the data, or did not finish within the timeout.
 * Retrying the same bytes gives the same answer, so the recording gets an analysis failure fact.
 */
public class UndecodableAudioException extends Exception {

    /**
     * @param message why, for the failure fact and the log: ffmpeg's last error line, no secrets
     */
    public UndecodableAudioException(String message) {
        super(message);
    }
}
