package dev.callvault.bench;

import java.util.List;

/**
 * A scenario's part of the results file.
 *
 * @param title    heading, e.g. {@code Playback: 100 MB and 1 MB, three ways}
 * @param markdown the body: setup (versions, settings, counts), tables, notes; plots are linked by {@link Report}
 * @param summary  the few figures that go to the summary table at the top of the results file and on the console
 * @param plots    PNG file names in the results folder (from {@link BenchContext#plotName(String)})
 */
public record Section(String title, String markdown, List<SummaryRow> summary, List<String> plots) {

    /**
     * One line of the summary table.
     *
     * @param scenario scenario name
     * @param metric   what was measured, e.g. {@code 64 KiB ranges, 64 clients: CallVault/nginx requests/s}
     * @param value    the figure, formatted with its unit or as a ratio, e.g. {@code 0.62} or {@code 1,840 req/s}
     * @param note     how to read it, or empty
     */
    public record SummaryRow(String scenario, String metric, String value, String note) {
    }
}
