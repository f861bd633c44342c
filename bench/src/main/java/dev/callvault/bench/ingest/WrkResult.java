package dev.callvault.bench.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * One {@code wrk} run's figures, as {@code report.lua} prints them on its {@code WRK_RESULT} line.
 *
 * @param connections   concurrent connections of the run
 * @param requests      requests completed
 * @param durationMicros the run's length in microseconds
 * @param errors        responses with a status of 400 or more, plus connect, read, write errors and timeouts
 * @param p50Micros     median latency in microseconds
 * @param p90Micros     90th percentile latency in microseconds
 * @param p99Micros     99th percentile latency in microseconds
 * @param maxMicros     longest latency in microseconds
 */
public record WrkResult(int connections, long requests, long durationMicros, long errors, long p50Micros,
                        long p90Micros, long p99Micros, long maxMicros) {

    private static final String MARKER = "WRK_RESULT ";

    /** @return completed requests per second */
    public double requestsPerSecond() {
        return durationMicros == 0 ? 0 : requests * 1_000_000.0 / durationMicros;
    }

    /**
     * Reads the {@code WRK_RESULT key=value ...} line of {@code wrk}'s output.
     *
     * @param connections the run's connections
     * @param output      everything {@code wrk} printed
     * @return the figures
     * @throws IllegalArgumentException if the line is missing or lacks a figure
     */
    public static WrkResult parse(int connections, String output) {
        String line = output.lines().filter(l -> l.startsWith(MARKER)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("wrk printed no " + MARKER.trim() + " line:\n"
                        + output));
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring(MARKER.length()).trim().split("\\s+")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
            }
        }
        return new WrkResult(connections, value(values, "requests"), value(values, "duration_us"),
                value(values, "non2xx") + value(values, "connect_errors") + value(values, "read_errors")
                        + value(values, "write_errors") + value(values, "timeouts"),
                value(values, "p50_us"), value(values, "p90_us"), value(values, "p99_us"), value(values, "max_us"));
    }

    private static long value(Map<String, Long> values, String key) {
        Long value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("WRK_RESULT has no " + key);
        }
        return value;
    }
}
