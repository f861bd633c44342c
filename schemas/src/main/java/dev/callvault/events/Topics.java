package dev.callvault.events;

import java.util.List;
import java.util.Map;

/**
 * The Kafka topic names of the contract ({@code shared/design/ARCHITECTURE.md}, "Kafka topics"), named once.
 *
 * <p>Names follow {@code callvault.<event-in-kebab-case>.v<major>}. Keys are the recording id (UUID string), so every
 * event of one recording stays ordered on one partition. Dead letters go to {@code <topic>-dlt}.
 */
public final class Topics {

    /** {@code CallEnded}, compacted: the durable log of every call; replaying it backfills. */
    public static final String CALL_ENDED = "callvault.call-ended.v1";
    /** {@code FetchRequested}: backfill and manual re-fetch commands. */
    public static final String FETCH_REQUESTED = "callvault.fetch-requested.v1";
    /** {@code RecordingStored}, compacted. */
    public static final String RECORDING_STORED = "callvault.recording-stored.v1";
    /** {@code RecordingFetchFailed}. */
    public static final String RECORDING_FETCH_FAILED = "callvault.recording-fetch-failed.v1";
    /** {@code RecordingAccessed}: the audit feed, long retention. */
    public static final String RECORDING_ACCESSED = "callvault.recording-accessed.v1";
    /** {@code RecordingDeleted}, compacted. */
    public static final String RECORDING_DELETED = "callvault.recording-deleted.v1";
    /** {@code RecordingLifecycleChanged}: legal holds placed and released, the audit feed of holds. */
    public static final String RECORDING_LIFECYCLE = "callvault.recording-lifecycle.v1";
    /** {@code RetentionRunCompleted}: one tenant's retention run, keyed by tenant id (not a recording's event). */
    public static final String RETENTION_RUNS = "callvault.retention-runs.v1";

    /** Suffix of a topic's dead-letter topic (spring-kafka's default for {@code DeadLetterPublishingRecoverer}). */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    /** Every event topic of the contract, in the order above. */
    public static final List<String> ALL = List.of(CALL_ENDED, FETCH_REQUESTED, RECORDING_STORED,
            RECORDING_FETCH_FAILED, RECORDING_ACCESSED, RECORDING_DELETED, RECORDING_LIFECYCLE,
            RETENTION_RUNS);

    /** The topic each event type is published on. */
    private static final Map<Class<?>, String> BY_EVENT_TYPE = Map.of(CallEnded.class, CALL_ENDED,
            FetchRequested.class, FETCH_REQUESTED, RecordingStored.class, RECORDING_STORED,
            RecordingFetchFailed.class, RECORDING_FETCH_FAILED, RecordingAccessed.class, RECORDING_ACCESSED,
            RecordingDeleted.class, RECORDING_DELETED, RecordingLifecycleChanged.class, RECORDING_LIFECYCLE,
            RetentionRunCompleted.class, RETENTION_RUNS);

    private Topics() {
    }

    /**
     * Returns the topic an event type is published on.
     *
     * @param eventType a generated event class, e.g. {@code CallEnded.class}
     * @return its topic, e.g. {@link #CALL_ENDED}, or {@code null} for a class that is no event of the contract
     */
    public static String of(Class<?> eventType) {
        return BY_EVENT_TYPE.get(eventType);
    }

    /**
     * Returns the dead-letter topic of a source topic.
     *
     * @param topic a source topic, e.g. {@link #CALL_ENDED}
     * @return {@code <topic>-dlt}
     */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
