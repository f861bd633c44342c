package dev.callvault.events;

import dev.callvault.events.TopicSpec.CleanupPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Kafka topics of the contract ({@code docs/architecture.md}, "Kafka topics"), named and specified once: the names
 * as constants (for {@code @KafkaListener} attributes) and {@link #SPECS}, the one source of every topic's event type,
 * cleanup policy, retention and partitions.
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
    /** {@code RecordingAnalyzed}, compacted: media-worker's measurements and waveform peaks of each recording. */
    public static final String RECORDING_ANALYZED = "callvault.recording-analyzed.v1";
    /** {@code RecordingDerived}, compacted: renditions media-worker derived from recordings (Opus). */
    public static final String RECORDING_DERIVED = "callvault.recording-derived.v1";

    /** Suffix of a topic's dead-letter topic (spring-kafka's default for {@code DeadLetterPublishingRecoverer}). */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    /**
     * Partitions of every contract topic when a service or a local broker creates it (keys are recording ids). The
     * production overlay's {@code KafkaTopic}s raise it for the busy topics.
     */
    public static final int PARTITIONS = 3;

    /** How long a dead-letter topic keeps records unless its spec says otherwise: 30 days. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    /** Every event topic of the contract, in the order above. */
    public static final List<String> ALL = List.of(CALL_ENDED, FETCH_REQUESTED, RECORDING_STORED,
            RECORDING_FETCH_FAILED, RECORDING_ACCESSED, RECORDING_DELETED, RECORDING_LIFECYCLE,
            RETENTION_RUNS, RECORDING_ANALYZED, RECORDING_DERIVED);

    /** Retention of the feeds that are kept only a few days ({@code fetch-requested}, {@code recording-fetch-failed}). */
    private static final Duration COMMANDS = Duration.ofDays(7);
    /** Retention of the audit feed of accesses: more than a year, so audit-service can be rebuilt from it. */
    private static final Duration ACCESS_LOG = Duration.ofDays(400);
    /** Retention of the audit feeds of holds and retention runs: one year. */
    private static final Duration AUDIT_FEED = Duration.ofDays(365);

    /**
     * Every contract topic's spec, in the order of {@link #ALL}. Dead letters of the audit feeds are kept as long as
     * the feed (an audit fact is never dropped sooner than its feed would drop it); the others' for
     * {@link #DEAD_LETTER_RETENTION} or the services' {@code callvault.kafka.dead-letter-retention}.
     */
    public static final List<TopicSpec> SPECS = List.of(
            compacted(CALL_ENDED, CallEnded.class),
            deleted(FETCH_REQUESTED, FetchRequested.class, COMMANDS, Optional.empty()),
            compacted(RECORDING_STORED, RecordingStored.class),
            deleted(RECORDING_FETCH_FAILED, RecordingFetchFailed.class, COMMANDS, Optional.empty()),
            deleted(RECORDING_ACCESSED, RecordingAccessed.class, ACCESS_LOG, Optional.of(ACCESS_LOG)),
            compacted(RECORDING_DELETED, RecordingDeleted.class),
            deleted(RECORDING_LIFECYCLE, RecordingLifecycleChanged.class, AUDIT_FEED, Optional.of(AUDIT_FEED)),
            deleted(RETENTION_RUNS, RetentionRunCompleted.class, AUDIT_FEED, Optional.of(AUDIT_FEED)),
            compacted(RECORDING_ANALYZED, RecordingAnalyzed.class),
            compacted(RECORDING_DERIVED, RecordingDerived.class));

    private static final Map<String, TopicSpec> BY_NAME = byName();

    private Topics() {
    }

    /**
     * Returns the topic an event type is published on.
     *
     * @param eventType a generated event class, e.g. {@code CallEnded.class}
     * @return its topic, e.g. {@link #CALL_ENDED}, or {@code null} for a class that is no event of the contract
     */
    public static String of(Class<?> eventType) {
        return SPECS.stream().filter(spec -> spec.eventType() == eventType).map(TopicSpec::name).findFirst()
                .orElse(null);
    }

    /**
     * Returns a contract topic's spec.
     *
     * @param topic a contract topic, e.g. {@link #CALL_ENDED}
     * @return its spec
     * @throws IllegalArgumentException if the topic is no contract topic (dead-letter and retry topics are not)
     */
    public static TopicSpec spec(String topic) {
        TopicSpec spec = BY_NAME.get(topic);
        if (spec == null) {
            throw new IllegalArgumentException("not a contract topic: " + topic);
        }
        return spec;
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

    private static TopicSpec compacted(String name, Class<? extends SpecificRecord> eventType) {
        return new TopicSpec(name, eventType, CleanupPolicy.COMPACT, Optional.empty(), PARTITIONS, Optional.empty());
    }

    private static TopicSpec deleted(String name, Class<? extends SpecificRecord> eventType, Duration retention,
                                     Optional<Duration> deadLetterRetention) {
        return new TopicSpec(name, eventType, CleanupPolicy.DELETE, Optional.of(retention), PARTITIONS,
                deadLetterRetention);
    }

    private static Map<String, TopicSpec> byName() {
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        SPECS.forEach(spec -> byName.put(spec.name(), spec));
        if (!byName.keySet().equals(new java.util.LinkedHashSet<>(ALL))) {
            throw new IllegalStateException("Topics.SPECS and Topics.ALL name different topics");
        }
        return Map.copyOf(byName);
    }
}
