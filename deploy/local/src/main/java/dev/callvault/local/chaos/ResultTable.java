package dev.callvault.local.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The chaos run's result as a plain-text table: one row per scenario (scenario, calls sent, recordings available,
 * duplicates, lost, time to recover in seconds) and, as the last line, the totals (the longest time to recover).
 */
public final class ResultTable {

    private static final String ROW = "%-22s %11s %11s %11s %6s %13s";

    private ResultTable() {
    }

    /**
     * @param results the scenarios' results
     * @return the table, lines separated by {@code \n}, without a trailing line break
     */
    public static String format(List<ChaosRun.ScenarioResult> results) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, ROW, "scenario", "calls sent", "available", "duplicates", "lost",
                "recovered in")).append('\n');
        for (ChaosRun.ScenarioResult result : results) {
            table.append(row(result.scenario().label(), result.callsSent(), result.available(), result.duplicates(),
                    result.lost(), result.timeToRecover())).append('\n');
        }
        Duration longest = results.stream().map(ChaosRun.ScenarioResult::timeToRecover).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        table.append(row("total", results.stream().mapToInt(ChaosRun.ScenarioResult::callsSent).sum(),
                results.stream().mapToInt(ChaosRun.ScenarioResult::available).sum(),
                results.stream().mapToInt(ChaosRun.ScenarioResult::duplicates).sum(),
                results.stream().mapToInt(ChaosRun.ScenarioResult::lost).sum(), longest));
        return table.toString();
    }

    private static String row(String scenario, int sent, int available, int duplicates, int lost, Duration recovered) {
        return String.format(Locale.ROOT, ROW, scenario, sent, available, duplicates, lost,
                String.format(Locale.ROOT, "%.1f s", recovered.toMillis() / 1000.0));
    }
}
