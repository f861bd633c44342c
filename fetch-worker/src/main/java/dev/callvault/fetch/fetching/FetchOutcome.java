package dev.callvault.fetch.fetching;

import dev.callvault.fetch.providers.FetchFailedException;
import dev.callvault.fetch.upload.StoredRecording;

/** How a fetch ended: the recording is in the bucket, it could not be fetched, or it was deleted. */
public sealed interface FetchOutcome {

    /**
     * The recording is in the bucket.
     *
     * @param recording     the object
     * @param alreadyStored true if it was there before (nothing was fetched; the event is re-emitted)
     * @param attempts      attempts made (0 when already stored)
     */
    record Stored(StoredRecording recording, boolean alreadyStored, int attempts) implements FetchOutcome {
    }

    /**
     * The recording could not be fetched; nothing was stored.
     *
     * @param failure  the last attempt's failure
     * @param attempts attempts made (0 when the event was refused before any; an attempt that failed before
     *                 reaching the provider, e.g. for missing credentials, counts)
     */
    record Failed(FetchFailedException failure, int attempts) implements FetchOutcome {
    }

    /**
     * The recording was deleted (its tombstone is in the bucket): nothing was fetched, stored or published.
     *
     * @param reason the deletion's reason as the tombstone says, e.g. {@code RETENTION}, {@code USER_REQUEST}
     */
    record Deleted(String reason) implements FetchOutcome {
    }
}
