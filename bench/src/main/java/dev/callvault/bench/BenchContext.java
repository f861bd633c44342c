package dev.callvault.bench;

import java.nio.file.Path;

/**
 * What every scenario gets from {@link Bench}.
 *
 * @param repositoryRoot the CallVault checkout (services' executable jars under {@code <module>/target})
 * @param resultsDir     {@code bench/results}: plots go here, named {@link #plotName(String)}
 * @param runName        {@code <date>-<host>}, the base name of the results file and its plots
 * @param workDir        a fresh folder for this run's state (stack data, nginx root, generated recordings)
 * @param machine        the machine the figures were taken on
 * @param quick          true for a smoke run ({@code --quick}): fewer clients, counts and seconds; figures are then
 *                       only a check that the scenario works, never results
 */
public record BenchContext(Path repositoryRoot, Path resultsDir, String runName, Path workDir, Machine machine,
                           boolean quick) {

    /**
     * @param suffix what the plot shows, e.g. {@code playback-ttfb}
     * @return the file name of a PNG plot of this run, e.g. {@code 2026-11-22-host-playback-ttfb.png}
     */
    public String plotName(String suffix) {
        return runName + "-" + suffix + ".png";
    }
}
