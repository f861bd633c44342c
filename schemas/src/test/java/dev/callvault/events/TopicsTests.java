package dev.callvault.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.events.TopicSpec.CleanupPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTests {

    @Test
    void shouldSpecifyEveryContractTopicOnceWithItsEventType() {
        // when the specs are listed
        // then they name exactly the topics of ALL, in order, and every event type maps back to its topic
        assertThat(Topics.SPECS).extracting(TopicSpec::name).containsExactlyElementsOf(Topics.ALL);
        Topics.SPECS.forEach(spec -> assertThat(Topics.of(spec.eventType())).isEqualTo(spec.name()));
        assertThat(Topics.of(String.class)).isNull();
    }

    @Test
    void shouldCreateACompactedTopicWithoutRetentionAndItsDeadLettersWithTheDeletePolicy() {
        // given the call-ended topic, compacted
        TopicSpec callEnded = Topics.spec(Topics.CALL_ENDED);

        // when its topics are built
        NewTopic topic = callEnded.newTopic();
        NewTopic deadLetters = callEnded.newDeadLetterTopic(Duration.ofDays(30));

        // then the topic is compacted with the contract's partitions and no retention, its dead letters are deleted
        // after the given default
        assertThat(topic.name()).isEqualTo("callvault.call-ended.v1");
        assertThat(topic.numPartitions()).isEqualTo(3);
        assertThat(topic.configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
        assertThat(deadLetters.name()).isEqualTo("callvault.call-ended.v1-dlt");
        assertThat(deadLetters.numPartitions()).isEqualTo(3);
        assertThat(deadLetters.configs()).isEqualTo(Map.of("cleanup.policy", "delete",
                "retention.ms", Long.toString(Duration.ofDays(30).toMillis())));
    }

    @Test
    void shouldKeepTheDeadLettersOfAnAuditFeedAsLongAsTheFeed() {
        // given the access log's spec
        TopicSpec accessed = Topics.spec(Topics.RECORDING_ACCESSED);

        // when its dead-letter topic is built with a short default
        Map<String, String> configs = accessed.deadLetterConfigs(Duration.ofDays(1));

        // then it keeps dead letters for the feed's 400 days, not the default
        assertThat(accessed.retention()).contains(Duration.ofDays(400));
        assertThat(configs).containsEntry("retention.ms", Long.toString(Duration.ofDays(400).toMillis()));
    }

    @Test
    void shouldRefuseATopicThatIsNoContractTopic() {
        // when the spec of a dead-letter topic is asked for, then it is refused by name
        assertThatThrownBy(() -> Topics.spec(Topics.deadLetter(Topics.CALL_ENDED)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callvault.call-ended.v1-dlt");
    }

    @Test
    void shouldRefuseAContradictorySpec() {
        // when a compacted topic is given a retention, or a delete topic none, then the spec is refused
        assertThatThrownBy(() -> new TopicSpec("t", CallEnded.class, CleanupPolicy.COMPACT,
                Optional.of(Duration.ofDays(1)), 3, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicSpec("t", CallEnded.class, CleanupPolicy.DELETE, Optional.empty(), 3,
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicSpec("t", CallEnded.class, CleanupPolicy.DELETE,
                Optional.of(Duration.ofDays(1)), 0, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
