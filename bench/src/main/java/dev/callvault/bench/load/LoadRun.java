package dev.callvault.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts {@link LoadGenerator} as its own JVM with the benchmark's classpath ({@code java -cp ... LoadGenerator}),
 * gives it the URL on its standard input, and reads its {@link LoadResult}.
 *
 * <p>The generator's JVM: {@value #JVM_OPTIONS}, and {@code -Dhttp.maxConnections=<clients>} so that every client
 * keeps its keep-alive connection.
 */
public final class LoadRun {

    /** JVM options of the load generator process. */
    public static final String JVM_OPTIONS = "-Xmx256m -XX:+UseParallelGC";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path logDir;

    /**
     * @param logDir folder for the generators' standard error ({@code load-<n>.log})
     */
    public LoadRun(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * Runs one load and waits for it (at most warm-up + window + 120 seconds).
     *
     * @param url      the file to GET (a signed URL: passed on standard input, never on the command line)
     * @param settings what to run
     * @return what the generator measured
     * @throws IOException          if the generator cannot start, fails, or prints no result
     * @throws InterruptedException if interrupted while waiting
     */
    public LoadResult run(URI url, LoadGenerator.Settings settings) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(JVM_OPTIONS.split(" ")));
        command.add("-Dhttp.maxConnections=" + settings.clients());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName(),
                "--mode", settings.mode(), "--clients", String.valueOf(settings.clients()),
                "--size", String.valueOf(settings.sizeBytes()), "--seconds", String.valueOf(settings.seconds()),
                "--warmup-seconds", String.valueOf(settings.warmupSeconds()),
                "--range-bytes", String.valueOf(settings.rangeBytes())));
        Path log = Files.createTempFile(logDir, "load-", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((url + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        long limitSeconds = (long) (settings.warmupSeconds() + settings.seconds()) + 120;
        if (!process.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the load generator did not end within " + limitSeconds + " s (log " + log + ")");
        }
        String last = output.strip().lines().reduce((first, second) -> second).orElse("");
        if (process.exitValue() != 0 || !last.startsWith("{")) {
            throw new IOException("the load generator failed with exit status " + process.exitValue() + " (log "
                    + log + ")");
        }
        return JSON.readValue(last, LoadResult.class);
    }
}
