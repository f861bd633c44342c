package dev.callvault.playback.streaming;

/**
 * Object storage failed after part of the body was sent: the response is committed, so the connection is aborted
 * and the client sees a truncated body (never a silently short one).
 */
class StreamInterruptedException extends RuntimeException {

    StreamInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
