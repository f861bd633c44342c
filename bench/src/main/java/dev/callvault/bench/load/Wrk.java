package dev.callvault.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP load from wrk (Debian's {@code wrk}, https://github.com/wg/wrk), a native process apart from every JVM: N
 * keep-alive connections on 2 threads, each one GET at a time, either of the whole file or of a random
 * {@code rangeBytes}-byte range ({@code Range: bytes=<first>-<last>}, RFC 9110 section 14.1.2) drawn by a generated
 * Lua script ({@code request()}); the script's {@code done()} prints the figures as one JSON line (wrk's Lua API,
 * {@code SCRIPTING} in its repository). Latencies are wrk's HdrHistogram-based percentiles, in microseconds there.
 *
 * <p>The URL's path and query (a signed URL is a credential) go into the script file (readable by its owner only),
 * never on a command line.
 */
public final class Wrk {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path workDir;

    /**
     * What to run.
     *
     * @param mode       {@code full} or {@code range}
     * @param clients    concurrent connections, at least 1
     * @param sizeBytes  the file's size in bytes (ranges are drawn inside it)
     * @param seconds    the run's length in whole seconds
     * @param rangeBytes length of each range in bytes ({@code range} mode)
     */
    public record Settings(String mode, int clients, long sizeBytes, int seconds, int rangeBytes) {

        /**
         * @throws IllegalArgumentException if the mode is unknown or a number is out of range
         */
        public Settings {
            if (!mode.equals("full") && !mode.equals("range")) {
                throw new IllegalArgumentException("mode must be full or range: " + mode);
            }
            if (clients < 1 || sizeBytes < 1 || seconds < 1 || rangeBytes < 1
                    || (mode.equals("range") && rangeBytes > sizeBytes)) {
                throw new IllegalArgumentException("clients, size, seconds and range bytes must be positive, and a "
                        + "range no longer than the file");
            }
        }

        /** @return wrk threads: 2 (one per core of the machines measured), at most one per connection */
        int threads() {
            return Math.min(2, clients);
        }
    }

    /**
     * @param workDir folder for the generated scripts
     */
    public Wrk(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Runs wrk once and waits for it (at most its length plus 60 seconds).
     *
     * @param url      the file to GET
     * @param settings what to run
     * @return what wrk measured
     * @throws IOException          if wrk is missing, fails, or prints no result
     * @throws InterruptedException if interrupted while waiting
     */
    public LoadResult run(URI url, Settings settings) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path script = Files.createTempFile(workDir, "wrk-", ".lua",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(script, script(url, settings));
            List<String> command = List.of("wrk", "-t", String.valueOf(settings.threads()), "-c",
                    String.valueOf(settings.clients()), "-d", settings.seconds() + "s", "--timeout", "120s",
                    "-s", script.toString(), url.getScheme() + "://" + url.getRawAuthority() + "/");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(settings.seconds() + 60L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("wrk did not end");
            }
            if (process.exitValue() != 0) {
                throw new IOException("wrk failed with exit status " + process.exitValue() + ": "
                        + output.lines().limit(3).toList());
            }
            return parse(settings, output);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /**
     * @param url      the file (its path and query are requested)
     * @param settings what to run
     * @return the Lua script: {@code request()} builds each GET, {@code done()} prints the JSON line
     */
    static String script(URI url, Settings settings) {
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return """
                local path = "%s"
                local ranges = %s
                local size = %d
                local length = %d
                local counter = 0
                function setup(thread)
                    counter = counter + 1
                    thread:set("seed", counter)
                end
                function init(args)
                    math.randomseed(os.time() * 100 + (seed or 0))
                end
                function request()
                    if ranges then
                        local first = math.random(0, size - length)
                        return wrk.format("GET", path, {["Range"] = "bytes=" .. first .. "-" .. (first + length - 1)})
                    end
                    return wrk.format("GET", path)
                end
                function done(summary, latency, requests)
                    local e = summary.errors
                    io.write(string.format('WRK-RESULT {"requests":%%d,"bytes":%%d,"durationMicros":%%d,' ..
                        '"errors":%%d,"timeouts":%%d,"latencyP50Micros":%%d,"latencyP99Micros":%%d}\\n',
                        summary.requests, summary.bytes, summary.duration,
                        e.connect + e.read + e.write + e.status, e.timeout,
                        latency:percentile(50), latency:percentile(99)))
                end
                """.formatted(path.replace("\\", "\\\\").replace("\"", "\\\""), settings.mode().equals("range"),
                settings.sizeBytes(), settings.rangeBytes());
    }

    /**
     * @param settings what ran
     * @param output   wrk's standard output, holding the {@code WRK-RESULT} line the script's {@code done()} printed
     * @return the figures, rates per second of wrk's measured duration and latencies in milliseconds
     * @throws IOException if there is no result line
     */
    static LoadResult parse(Settings settings, String output) throws IOException {
        String line = output.lines().filter(l -> l.startsWith("WRK-RESULT ")).findFirst()
                .orElseThrow(() -> new IOException("wrk printed no result: " + output.lines().limit(3).toList()));
        JsonNode json = JSON.readTree(line.substring("WRK-RESULT ".length()));
        long requests = json.path("requests").asLong();
        long bytes = json.path("bytes").asLong();
        double seconds = json.path("durationMicros").asLong() / 1e6;
        boolean latencies = requests > 0;
        return new LoadResult(settings.mode(), settings.clients(), seconds, requests, json.path("errors").asLong(),
                json.path("timeouts").asLong(), bytes, bytes / seconds / 1e6, requests / seconds,
                latencies ? json.path("latencyP50Micros").asLong() / 1000.0 : Double.NaN,
                latencies ? json.path("latencyP99Micros").asLong() / 1000.0 : Double.NaN);
    }
}
