package dev.callvault.storage.catalog;

/**
 * Lifecycle of a catalog entry (docs/architecture.md, "storage-service").
 *
 * <pre>
 * PENDING ──► AVAILABLE ◄── FAILED
 *    │            ▲            ▲
 *    ├────────────┼────────────┘
 *    └──► UNAVAILABLE
 * </pre>
 *
 * <p>{@link #AVAILABLE} never goes back on a replayed or late event; {@link #DELETED} is final.
 */
public enum RecordingStatus {

    /** The call ended and its recording is expected: not fetched yet. */
    PENDING,
    /** The audio is in object storage (bucket, key, size and SHA-256 are known). */
    AVAILABLE,
    /** Fetching failed after the fetch worker's last attempt; a backfill may still succeed. */
    FAILED,
    /** The provider said there is no audio to fetch. */
    UNAVAILABLE,
    /** The object was deleted (retention, user request). Final. */
    DELETED
}
