package dev.callvault.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTests {

    @Test
    void shouldPrintOneRowPerScenarioAndTheTotalsAsTheLastLine() {
        // given two scenarios, one of which lost a recording
        List<ChaosRun.ScenarioResult> results = List.of(
                new ChaosRun.ScenarioResult(ChaosRun.Scenario.BROKER_RESTART, 4, 4, 0, 0, Duration.ofMillis(12_300),
                        List.of(new ChaosRun.Check("ingest answered 503", true))),
                new ChaosRun.ScenarioResult(ChaosRun.Scenario.S3_OUTAGE, 5, 4, 1, 1, Duration.ofMillis(31_050),
                        List.of()));

        // when the table is printed
        List<String> lines = ResultTable.format(results).lines().toList();

        // then a header, a row per scenario, and the totals (longest recovery) last
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst().split("\\s{2,}")).containsExactly("scenario", "calls sent", "available",
                "duplicates", "lost", "recovered in");
        assertThat(lines.get(1).trim().split("\\s{2,}")).containsExactly("broker restart", "4", "4", "0", "0",
                "12.3 s");
        assertThat(lines.getLast().trim().split("\\s{2,}")).containsExactly("total", "9", "8", "1", "1", "31.1 s");
        assertThat(results.get(0).passed()).isTrue();
        assertThat(results.get(1).passed()).isFalse();
    }
}
