package dev.callvault.local.infra;

import dev.callvault.events.TopicSpec;
import dev.callvault.events.Topics;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topics a local broker creates before any service starts: every contract topic and its dead-letter topic, as
 * their specs say ({@link Topics#SPECS}: cleanup policy, retention, partitions), dead letters kept for
 * {@link Topics#DEAD_LETTER_RETENTION} unless the spec says otherwise, with the broker's default replication (1).
 */
final class ContractTopics {

    private ContractTopics() {
    }

    /** @return two topics per contract topic, source then dead letters, in the order of {@link Topics#SPECS} */
    static List<NewTopic> all() {
        return Topics.SPECS.stream()
                .flatMap(ContractTopics::withDeadLetters)
                .toList();
    }

    private static Stream<NewTopic> withDeadLetters(TopicSpec spec) {
        return Stream.of(spec.newTopic(), spec.newDeadLetterTopic(Topics.DEAD_LETTER_RETENTION));
    }
}
