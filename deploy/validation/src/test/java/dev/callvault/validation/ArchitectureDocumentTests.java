package dev.callvault.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.TopicSpec;
import dev.callvault.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/architecture.md} against the code it describes: its topic table ("Kafka topics") says for every contract
 * topic what {@link Topics#SPECS} says, so the document cannot drift from the topics the services create.
 */
class ArchitectureDocumentTests {

    private static final String TOPIC_TABLE_HEADER = "| topic | event type | cleanup policy | retention | partitions |";

    @Test
    void shouldDescribeEveryContractTopicAsItsSpecSays() throws IOException {
        // given the topic table of docs/architecture.md
        Map<String, List<String>> rows = topicTable(Files.readAllLines(Repository.path("docs/architecture.md")));

        // then it has one row per contract topic, with the spec's event type, cleanup policy, retention, partitions
        assertThat(rows.keySet()).containsExactlyElementsOf(Topics.ALL);
        for (TopicSpec spec : Topics.SPECS) {
            List<String> row = rows.get(spec.name());
            assertThat(row.get(0)).as(spec.name() + " event type").isEqualTo(spec.eventType().getSimpleName());
            assertThat(row.get(1)).as(spec.name() + " cleanup policy").isEqualTo(spec.cleanupPolicy().configValue());
            assertThat(row.get(2)).as(spec.name() + " retention")
                    .isEqualTo(spec.retention().map(kept -> kept.toDays() + " days").orElse("infinite"));
            assertThat(row.get(3)).as(spec.name() + " partitions").isEqualTo(String.valueOf(spec.partitions()));
        }
    }

    /** @return topic name (without backticks) to the next four cells of its row, in table order */
    private static Map<String, List<String>> topicTable(List<String> lines) {
        int header = lines.indexOf(lines.stream().filter(line -> line.startsWith(TOPIC_TABLE_HEADER)).findFirst()
                .orElseThrow(() -> new AssertionError("no table starting " + TOPIC_TABLE_HEADER)));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            List<String> cells = List.of(line.substring(1).split("\\|")).stream().map(String::strip).toList();
            rows.put(cells.get(0).replace("`", ""), cells.subList(1, 5));
        }
        return rows;
    }
}
