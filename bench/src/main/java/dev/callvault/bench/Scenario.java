package dev.callvault.bench;

/**
 * One measured part of {@code bench/run} (playback, ingest, pipeline, replay, memory bounds). A scenario starts what it
 * needs (through the local-stack launcher, nginx, load generators in their own processes), measures with bounded time
 * and counts, stops everything it started, and returns its section of the results file.
 */
public interface Scenario {

    /** @return the short name used on the command line ({@code bench/run --only <name>}), e.g. {@code playback} */
    String name();

    /**
     * Runs the scenario.
     *
     * @param context where to write plots, the machine, and whether this is a quick run
     * @return the section for the results file, with its summary rows and the plots it wrote
     * @throws Exception if the scenario cannot be measured; {@link Bench} records the failure in the results file and
     *                   goes on with the next scenario
     */
    Section run(BenchContext context) throws Exception;
}
