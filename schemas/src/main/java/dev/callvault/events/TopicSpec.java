package dev.callvault.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What the contract says of one Kafka topic: its name, the event type written to it, its cleanup policy, how long
 * it keeps records, its partitions, and how long its dead-letter topic keeps records. {@link Topics#SPECS} holds one
 * per contract topic; the services' topic beans, the local brokers, the Kubernetes {@code KafkaTopic}s (checked by
 * {@code deploy/validation}) and {@code docs/architecture.md} ("Kafka topics", checked likewise) all follow it.
 *
 * <p>Topic configuration names and values are Kafka's ({@code cleanup.policy}, {@code retention.ms}; Kafka
 * documentation, "Topic Configs"). A topic bean only creates a missing topic: changing a spec never alters an
 * existing topic, whose settings are changed with {@code kafka-configs} or the Strimzi {@code KafkaTopic}.
 *
 * @param name                the topic, {@code callvault.<event-in-kebab-case>.v<major>}
 * @param eventType           the generated Avro class of its values
 * @param cleanupPolicy       {@link CleanupPolicy#COMPACT} for topics whose latest record per key is state
 *                            (replaying them rebuilds it), {@link CleanupPolicy#DELETE} for feeds and commands
 * @param retention           how long a record is kept before deletion; empty for a compacted topic (the latest
 *                            record of every key is kept for good)
 * @param partitions          partitions when a service or a local broker creates the topic (keys are recording
 *                            ids, so this bounds one consumer group's parallelism; the production overlay raises
 *                            it for the busy topics)
 * @param deadLetterRetention how long its dead-letter topic keeps records; empty to use the services'
 *                            {@code callvault.kafka.dead-letter-retention} (default {@link Topics#DEAD_LETTER_RETENTION})
 */
public record TopicSpec(String name, Class<? extends SpecificRecord> eventType, CleanupPolicy cleanupPolicy,
                        Optional<Duration> retention, int partitions, Optional<Duration> deadLetterRetention) {

    /** A topic's {@code cleanup.policy}. */
    public enum CleanupPolicy {
        /** {@code compact}: the latest record per key is kept. */
        COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT),
        /** {@code delete}: records are deleted after the topic's retention. */
        DELETE(TopicConfig.CLEANUP_POLICY_DELETE);

        private final String configValue;

        CleanupPolicy(String configValue) {
            this.configValue = configValue;
        }

        /** @return the value of Kafka's {@code cleanup.policy}: {@code compact} or {@code delete} */
        public String configValue() {
            return configValue;
        }
    }

    /**
     * Checks the spec.
     *
     * @throws IllegalArgumentException if a compacted topic has a retention, a delete topic has none, or partitions is
     *                                  not positive
     */
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(deadLetterRetention, "deadLetterRetention");
        if (cleanupPolicy == CleanupPolicy.COMPACT && retention.isPresent()) {
            throw new IllegalArgumentException(name + ": a compacted topic keeps its latest records for good");
        }
        if (cleanupPolicy == CleanupPolicy.DELETE && retention.isEmpty()) {
            throw new IllegalArgumentException(name + ": a delete topic needs a retention");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be positive, not " + partitions);
        }
    }

    /** @return {@code <name>-dlt}, its dead-letter topic ({@link Topics#deadLetter(String)}) */
    public String deadLetterName() {
        return Topics.deadLetter(name);
    }

    /**
     * The topic's configuration: {@code cleanup.policy}, and {@code retention.ms} for a delete topic.
     *
     * @return configuration name to value, in that order
     */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        retention.ifPresent(kept -> configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(kept.toMillis())));
        return configs;
    }

    /**
     * The configuration of its dead-letter topic: delete policy (a dead letter is a record to look at, not state),
     * and {@code retention.ms} of {@link #deadLetterRetention()} or else the given default.
     *
     * @param defaultRetention the services' {@code callvault.kafka.dead-letter-retention}
     * @return configuration name to value
     */
    public Map<String, String> deadLetterConfigs(Duration defaultRetention) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, CleanupPolicy.DELETE.configValue());
        configs.put(TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(deadLetterRetention.orElse(defaultRetention).toMillis()));
        return configs;
    }

    /**
     * The topic to create when missing, with the broker's default replication (Spring's {@code KafkaAdmin} declares
     * {@link NewTopic} beans).
     *
     * @return {@link #partitions()} partitions, {@link #configs()}
     */
    public NewTopic newTopic() {
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs());
    }

    /**
     * Its dead-letter topic to create when missing: as many partitions as the source (a dead letter keeps its source
     * partition), the broker's default replication.
     *
     * @param defaultRetention the services' {@code callvault.kafka.dead-letter-retention}
     * @return {@code <name>-dlt} with {@link #deadLetterConfigs(Duration)}
     */
    public NewTopic newDeadLetterTopic(Duration defaultRetention) {
        return new NewTopic(deadLetterName(), Optional.of(partitions), Optional.empty())
                .configs(deadLetterConfigs(defaultRetention));
    }
}
