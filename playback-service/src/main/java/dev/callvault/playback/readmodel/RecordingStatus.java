package dev.callvault.playback.readmodel;

/** A recording's lifecycle state as playback sees it (the same names as the catalog's). */
public enum RecordingStatus {
    /** The call ended; the audio is not in object storage yet. */
    PENDING,
    /** The object is in storage: it can be played back. */
    AVAILABLE,
    /** The last fetch failed. */
    FAILED,
    /** The provider reported that there is no audio. */
    UNAVAILABLE,
    /** The object was deleted; final. */
    DELETED
}
