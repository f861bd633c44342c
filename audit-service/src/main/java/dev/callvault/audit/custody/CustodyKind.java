package dev.callvault.audit.custody;

/** What a timeline entry records; the names follow the events they come from. */
public enum CustodyKind {
    /** A provider reported the call ended ({@code CallEnded}). */
    CALL_ENDED,
    /** The recording was fetched (or uploaded) and stored as a complete object ({@code RecordingStored}). */
    RECORDING_STORED,
    /** Fetching the recording from its provider failed after the last attempt ({@code RecordingFetchFailed}). */
    RECORDING_FETCH_FAILED,
    /** The recording's object was deleted ({@code RecordingDeleted}). */
    RECORDING_DELETED,
    /** A legal hold was placed on the recording ({@code RecordingLifecycleChanged}, {@code LEGAL_HOLD_PLACED}). */
    LEGAL_HOLD_PLACED,
    /** The recording's legal hold was released ({@code RecordingLifecycleChanged}, {@code LEGAL_HOLD_RELEASED}). */
    LEGAL_HOLD_RELEASED,
    /** A lifecycle change this version does not know yet ({@code RecordingLifecycleChanged}, {@code OTHER}). */
    LIFECYCLE_CHANGED,
    /** Somebody obtained or used access to the recording ({@code RecordingAccessed}, from the access log). */
    RECORDING_ACCESSED,
    /** A rendition was derived from the recording's object and stored ({@code RecordingDerived}). */
    RECORDING_DERIVED
}
