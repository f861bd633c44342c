package dev.callvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes {@code bench/results/<date>-<host>.md}: the machine, the run's settings, the summary table, then each
 * scenario's section with its plots; and prints the summary table on the console.
 */
public final class Report {

    private Report() {
    }

    /**
     * @param context  the run
     * @param started  when the run started
     * @param command  the command line, as run
     * @param sections the scenarios' sections, in run order
     * @return the results file written
     * @throws IOException if it cannot be written
     */
    public static Path write(BenchContext context, Instant started, String command, List<Section> sections)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# CallVault benchmarks: ").append(context.runName()).append("\n\n");
        md.append("- Machine: ").append(context.machine().describe()).append('\n');
        md.append("- Started: ").append(started).append(", took ")
                .append(java.time.Duration.between(started, Instant.now()).toSeconds()).append(" s\n");
        md.append("- Command: `").append(command).append("`").append(context.quick()
                ? " (quick: a smoke run; the figures only show that each scenario works)" : "").append('\n');
        md.append("- Load comes from separate processes on loopback; every figure below was taken in this one run, ")
                .append("so compare ratios and percentiles, not absolute times across machines.\n\n");
        md.append("## Summary\n\n").append(summaryTable(sections)).append('\n');
        for (Section section : sections) {
            md.append("## ").append(section.title()).append("\n\n").append(section.markdown().strip()).append("\n\n");
            for (String plot : section.plots()) {
                md.append("![").append(plot).append("](").append(plot).append(")\n\n");
            }
        }
        Files.createDirectories(context.resultsDir());
        Path file = context.resultsDir().resolve(context.runName() + ".md");
        Files.writeString(file, md);
        return file;
    }

    /**
     * @param sections the scenarios' sections
     * @return a Markdown table: scenario, metric, value, note
     */
    public static String summaryTable(List<Section> sections) {
        StringBuilder table = new StringBuilder("| scenario | metric | value | note |\n|---|---|---:|---|\n");
        sections.stream().flatMap(s -> s.summary().stream()).forEach(row -> table.append("| ")
                .append(row.scenario()).append(" | ").append(row.metric()).append(" | ").append(row.value())
                .append(" | ").append(row.note()).append(" |\n"));
        return table.toString();
    }
}
