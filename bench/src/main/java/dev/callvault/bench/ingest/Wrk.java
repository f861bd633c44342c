package dev.callvault.bench.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code wrk} (Debian's package, https://github.com/wg/wrk) as its own process against a loopback URL, bounded in
 * time, with {@code report.lua} appended to the given script so that its figures come back as one parseable line.
 */
final class Wrk {

    private final Path workDir;

    /**
     * @param workDir where the scripts are written
     */
    Wrk(Path workDir) {
        this.workDir = workDir;
    }

    /** @return {@code wrk -v}'s first line, e.g. {@code wrk debian/4.1.0-3+b2 [epoll]} */
    static String version() {
        try {
            Process process = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return output.lines().findFirst().orElse("wrk").replace("Copyright (C) 2012 Will Glozer", "").trim();
        } catch (IOException e) {
            throw new UncheckedIOException("wrk is not installed (bench/run installs it from Debian's packages)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one load.
     *
     * @param url         the target, {@code http://127.0.0.1:<port>/<path>} (a script may send other paths)
     * @param script      a resource of this package ({@code signed-requests.lua}), or {@code null} for plain GETs of
     *                    {@code url}
     * @param environment variables for the script, e.g. {@code CALLVAULT_BENCH_REQUESTS}
     * @param connections concurrent connections (and keep-alive: each connection sends its requests one after the
     *                    other)
     * @param duration    how long, whole seconds
     * @return the figures
     * @throws IllegalStateException if {@code wrk} fails or prints no result
     */
    WrkResult run(String url, String script, Map<String, String> environment, int connections, Duration duration) {
        try {
            Path file = workDir.resolve((script == null ? "report" : script.replace(".lua", "")) + "-with-report.lua");
            Files.createDirectories(workDir);
            Files.writeString(file, (script == null ? "" : resource(script) + "\n") + resource("report.lua"));
            int threads = Math.min(connections, 2);
            List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                    "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s", "-s", file.toString(), url));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not end: " + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("wrk failed (" + process.exitValue() + "): " + output);
            }
            return WrkResult.parse(connections, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run wrk", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running wrk", e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Wrk.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
