package dev.callvault.bench.playback;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.BenchStack;
import dev.callvault.bench.Plots;
import dev.callvault.bench.Scenario;
import dev.callvault.bench.Section;
import dev.callvault.bench.load.LoadResult;
import dev.callvault.bench.load.Wrk;
import dev.callvault.bench.memory.MemorySampler;
import dev.callvault.local.launcher.ServiceProcess;
import dev.callvault.local.launcher.StackSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1, {@code playback}: the same recording (1 MB and 100 MB) served three ways — CallVault's signed-URL stream
 * (playback-service: read model lookup, signature check, acknowledged {@code RecordingAccessed}, ranged S3 read copied
 * in 64 KiB chunks), a presigned GET straight on the S3 server (S3Proxy), and nginx serving the same bytes from disk
 * (the physical limit on loopback). For each at 1, 16, 64 and 256 concurrent clients (quick: 1 and 16): whole-file
 * GETs (MB/s) and random 64 KiB {@code Range} GETs (requests/s, p50/p99 time to first byte), the ratios CallVault/S3
 * and CallVault/nginx, and the resident memory of playback-service during each CallVault level.
 */
public final class PlaybackScenario implements Scenario {

    /** Sizes of the recordings served, bytes (1 MB and 100 MB, MB = 10^6 bytes). */
    static final List<Long> SIZES = List.of(1_000_000L, 100_000_000L);
    /** Length of each random range, bytes. */
    static final int RANGE_BYTES = 64 * 1024;

    /**
     * Environment variable naming the scenarios to profile ({@code playback}): playback-service is then recorded with
     * JDK Flight Recorder during the CallVault runs of the largest recording at the top level, and the hot methods go
     * to the results.
     */
    public static final String PROFILE_VARIABLE = "CALLVAULT_BENCH_PROFILE";

    private static final Duration URL_TTL = Duration.ofHours(3);
    private static final String[] WAYS = {"CallVault", "S3 presigned", "nginx"};
    private static final String[] MODES = {"full", "range"};

    @Override
    public String name() {
        return "playback";
    }

    @Override
    public Section run(BenchContext context) throws Exception {
        List<Integer> levels = context.quick() ? List.of(1, 16) : List.of(1, 16, 64, 256);
        int seconds = context.quick() ? 2 : 4;
        int warmup = 1;
        boolean profile = System.getenv().getOrDefault(PROFILE_VARIABLE, "").contains(name());
        BenchStack stack = BenchStack.shared(context, Map.of());
        ServiceProcess playback = stack.service("playback-service");
        StackRecordings recordings = new StackRecordings(stack);
        Path work = context.workDir().resolve("playback");
        Wrk load = new Wrk(work.resolve("wrk"));

        Map<Long, Map<String, URI>> urls = new LinkedHashMap<>();
        try (Nginx nginx = Nginx.start(work.resolve("nginx"), work.resolve("html"))) {
            for (long size : SIZES) {
                StackRecordings.Stored stored = recordings.ofSize(size, Duration.ofMinutes(5));
                String file = "recording-" + label(size).replace(" ", "") + ".mp3";
                StackRecordings.writeFile(stored, work.resolve("html").resolve(file));
                Map<String, URI> ways = new LinkedHashMap<>();
                ways.put(WAYS[0], recordings.signedUrl(stored.recordingId(), URL_TTL));
                ways.put(WAYS[1], recordings.presignedGet(stored.objectKey(), URL_TTL));
                ways.put(WAYS[2], URI.create(nginx.url(file)));
                urls.put(size, ways);
            }
            Measurements measured = new Measurements();
            for (long size : SIZES) {
                for (String mode : MODES) {
                    for (int clients : levels) {
                        for (String way : WAYS) {
                            Wrk.Settings settings = new Wrk.Settings(mode, clients, size, seconds, RANGE_BYTES);
                            System.out.printf("  %s %s %s, %d clients%n", label(size), mode, way, clients);
                            boolean callVault = way.equals(WAYS[0]);
                            MemorySampler sampler = callVault
                                    ? new MemorySampler(playback.pid(), Duration.ofMillis(200), false) : null;
                            FlightRecording recording = profile && callVault && size == SIZES.get(1)
                                    && clients == levels.get(levels.size() - 1) ? FlightRecording.start(
                                    playback.pid(), work.resolve("profiles/" + mode + "-" + clients + ".jfr")) : null;
                            load.run(urls.get(size).get(way), new Wrk.Settings(mode, clients, size, warmup,
                                    RANGE_BYTES));
                            LoadResult result = load.run(urls.get(size).get(way), settings);
                            MemorySampler.Peaks peaks = sampler == null ? null : sampler.stop();
                            if (recording != null) {
                                measured.profiles.put(mode + " at " + clients + " clients", recording.stop());
                            }
                            measured.put(size, mode, clients, way, result, peaks);
                        }
                    }
                }
            }
            return section(context, stack, levels, seconds, warmup, nginx.version(), measured);
        }
    }

    private Section section(BenchContext context, BenchStack stack, List<Integer> levels, int seconds, int warmup,
                            String nginxVersion, Measurements measured) throws java.io.IOException {
        StringBuilder md = new StringBuilder();
        md.append("Settings: recordings of ").append(label(SIZES.get(0))).append(" and ").append(label(SIZES.get(1)))
                .append(" (MB = 10^6 bytes; real MP3 frames repeated, fetched through the whole stack from the ")
                .append("provider simulator), served three ways: CallVault's signed URL (`GET /v1/streams/{id}`), ")
                .append("a presigned GET on S3Proxy (SigV4 query), nginx (").append(nginxVersion)
                .append(", `sendfile on`, `tcp_nopush off`, 2 workers) from the run's work folder. Clients: ")
                .append(levels).append(" keep-alive connections, each one request at a time; each level ")
                .append(warmup).append(" s warm-up run then ").append(seconds).append(" s measured. Ranges: random ")
                .append(RANGE_BYTES).append("-byte `Range` GETs. Load: wrk (").append(wrkVersion())
                .append(", 2 threads, a generated Lua script draws the ranges), a native process that costs little CPU ")
                .append("beside the servers on 2 cores. Latency is ")
                .append("wrk's: request sent to whole answer, which for 64 KiB on loopback is the time to first byte ")
                .append("plus microseconds. Services' JVM: `").append(serviceJvmOptions(stack))
                .append("`. Full-file MB/s counts the bytes received during the run (a 100 MB body may span it). ")
                .append("RSS: playback-service's `VmRSS` sampled every 200 ms during the CallVault run of the level, ")
                .append("and its `VmHWM` reset at the start of the level.\n\n");
        List<Section.SummaryRow> summary = new ArrayList<>();
        int top = levels.get(levels.size() - 1);
        for (long size : SIZES) {
            md.append("### Full file, ").append(label(size)).append(": MB/s\n\n")
                    .append("| clients | CallVault | S3 presigned | nginx | CallVault/S3 | CallVault/nginx | ")
                    .append("CallVault p99 latency ms | playback-service RSS peak / HWM MiB | errors |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int clients : levels) {
                LoadResult cv = measured.result(size, "full", clients, WAYS[0]);
                LoadResult s3 = measured.result(size, "full", clients, WAYS[1]);
                LoadResult nx = measured.result(size, "full", clients, WAYS[2]);
                md.append(String.format("| %d | %.0f | %.0f | %.0f | %.2f | %.2f | %.1f | %s | %s |%n", clients,
                        cv.megabytesPerSecond(), s3.megabytesPerSecond(), nx.megabytesPerSecond(),
                        ratio(cv.megabytesPerSecond(), s3.megabytesPerSecond()),
                        ratio(cv.megabytesPerSecond(), nx.megabytesPerSecond()), cv.latencyP99Ms(),
                        rss(measured.peaks(size, "full", clients)), errors(cv, s3, nx)));
            }
            md.append('\n');
            md.append("### 64 KiB ranges, ").append(label(size)).append(": requests/s and latency\n\n")
                    .append("| clients | CallVault req/s | S3 req/s | nginx req/s | CallVault/S3 | CallVault/nginx | ")
                    .append("latency p50/p99 ms CallVault | S3 | nginx | playback-service RSS peak / HWM MiB | errors |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int clients : levels) {
                LoadResult cv = measured.result(size, "range", clients, WAYS[0]);
                LoadResult s3 = measured.result(size, "range", clients, WAYS[1]);
                LoadResult nx = measured.result(size, "range", clients, WAYS[2]);
                md.append(String.format("| %d | %.0f | %.0f | %.0f | %.2f | %.2f | %s | %s | %s | %s | %s |%n",
                        clients, cv.requestsPerSecond(), s3.requestsPerSecond(), nx.requestsPerSecond(),
                        ratio(cv.requestsPerSecond(), s3.requestsPerSecond()),
                        ratio(cv.requestsPerSecond(), nx.requestsPerSecond()), ttfb(cv), ttfb(s3), ttfb(nx),
                        rss(measured.peaks(size, "range", clients)), errors(cv, s3, nx)));
            }
            md.append('\n');
        }
        long big = SIZES.get(1);
        LoadResult fullCv = measured.result(big, "full", top, WAYS[0]);
        LoadResult rangeCv = measured.result(big, "range", top, WAYS[0]);
        summary.add(new Section.SummaryRow(name(), label(big) + " full file, " + top + " clients: CallVault MB/s",
                String.format("%.0f MB/s", fullCv.megabytesPerSecond()), ""));
        summary.add(new Section.SummaryRow(name(), label(big) + " full file, " + top + " clients: CallVault/S3, "
                + "CallVault/nginx", String.format("%.2f, %.2f",
                ratio(fullCv.megabytesPerSecond(), measured.result(big, "full", top, WAYS[1]).megabytesPerSecond()),
                ratio(fullCv.megabytesPerSecond(), measured.result(big, "full", top, WAYS[2]).megabytesPerSecond())),
                "MB/s ratios, 1.00 = as fast"));
        summary.add(new Section.SummaryRow(name(), "64 KiB ranges, " + top + " clients: CallVault req/s, p99 latency",
                String.format("%.0f req/s, %.1f ms", rangeCv.requestsPerSecond(), rangeCv.latencyP99Ms()), ""));
        summary.add(new Section.SummaryRow(name(), "64 KiB ranges, " + top + " clients: CallVault/S3, "
                + "CallVault/nginx", String.format("%.2f, %.2f",
                ratio(rangeCv.requestsPerSecond(), measured.result(big, "range", top, WAYS[1]).requestsPerSecond()),
                ratio(rangeCv.requestsPerSecond(), measured.result(big, "range", top, WAYS[2]).requestsPerSecond())),
                "req/s ratios"));
        long peakRss = SIZES.stream().flatMap(size -> java.util.Arrays.stream(MODES).flatMap(mode ->
                levels.stream().map(clients -> measured.peaks(size, mode, clients)))).mapToLong(p ->
                Math.max(p.peakRssBytes(), p.hwmBytes())).max().orElse(0);
        summary.add(new Section.SummaryRow(name(), "playback-service peak RSS, any level", mib(peakRss) + " MiB",
                "heap " + heapOption(stack)));

        measured.profiles.forEach((run, hot) -> md.append("Profile of playback-service (JDK Flight Recorder, ")
                .append("`jfr view hot-methods`), CallVault ").append(run).append(", ").append(label(big))
                .append(":\n\n```\n").append(hot.strip().lines().limit(18).collect(
                        java.util.stream.Collectors.joining("\n"))).append("\n```\n\n"));
        List<String> plots = new ArrayList<>();
        Map<String, List<? extends Number>> full = new LinkedHashMap<>();
        Map<String, List<? extends Number>> ranges = new LinkedHashMap<>();
        Map<String, List<? extends Number>> ttfb = new LinkedHashMap<>();
        for (String way : WAYS) {
            for (long size : SIZES) {
                full.put(way + " " + label(size), levels.stream().map(c -> measured.result(size, "full", c, way)
                        .megabytesPerSecond()).toList());
            }
            ranges.put(way, levels.stream().map(c -> measured.result(big, "range", c, way).requestsPerSecond())
                    .toList());
            ttfb.put(way, levels.stream().map(c -> measured.result(big, "range", c, way).latencyP99Ms()).toList());
        }
        String fullPlot = context.plotName("playback-full");
        Plots.lines(context.resultsDir().resolve(fullPlot), "Full-file GETs: throughput", "concurrent clients",
                "MB/s", levels, full, true);
        String rangePlot = context.plotName("playback-ranges");
        Plots.lines(context.resultsDir().resolve(rangePlot), "64 KiB random ranges of " + label(big)
                + ": requests/s", "concurrent clients", "requests/s", levels, ranges, true);
        String latencyPlot = context.plotName("playback-latency");
        Plots.lines(context.resultsDir().resolve(latencyPlot), "64 KiB random ranges of " + label(big)
                + ": p99 latency", "concurrent clients", "ms", levels, ttfb, true);
        plots.addAll(List.of(fullPlot, rangePlot, latencyPlot));
        return new Section("Playback: " + label(SIZES.get(0)) + " and " + label(big) + ", three ways", md.toString(),
                summary, plots);
    }


    /**
     * @param stack the run's stack
     * @return the services' JVM options, as the stack runs them ({@code CALLVAULT_LOCAL_SERVICE_JVM_OPTS} or
     *         {@link StackSettings#DEFAULT_SERVICE_JVM_OPTS})
     */
    static String serviceJvmOptions(BenchStack stack) {
        return stack.environment().variable("CALLVAULT_LOCAL_SERVICE_JVM_OPTS")
                .orElse(StackSettings.DEFAULT_SERVICE_JVM_OPTS);
    }

    /**
     * @param stack the run's stack
     * @return the services' {@code -Xmx} option, or {@code JVM default}
     */
    static String heapOption(BenchStack stack) {
        return java.util.Arrays.stream(serviceJvmOptions(stack).split("\\s+")).filter(o -> o.startsWith("-Xmx"))
                .findFirst().orElse("JVM default");
    }

    static String label(long bytes) {
        return bytes >= 1_000_000_000L && bytes % 1_000_000_000L == 0 ? bytes / 1_000_000_000L + " GB"
                : bytes % 1_000_000L == 0 ? bytes / 1_000_000L + " MB" : String.format("%.0f MiB",
                bytes / 1048576.0);
    }

    /** @return wrk's version, e.g. {@code wrk debian/4.1.0-3+b2} */
    static String wrkVersion() {
        try {
            Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            String first = new String(process.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("wrk");
            process.waitFor();
            return first.replaceAll(" \\[.*", "");
        } catch (java.io.IOException e) {
            return "wrk";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "wrk";
        }
    }

    static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    static String mib(long bytes) {
        return String.format("%.0f", bytes / 1048576.0);
    }

    private static String ttfb(LoadResult result) {
        return String.format("%.1f / %.1f", result.latencyP50Ms(), result.latencyP99Ms());
    }

    private static String rss(MemorySampler.Peaks peaks) {
        return mib(peaks.peakRssBytes()) + " / " + (peaks.peakReset() ? mib(peaks.hwmBytes()) : "n/a");
    }

    private static String errors(LoadResult... results) {
        StringBuilder text = new StringBuilder();
        for (LoadResult result : results) {
            text.append(text.isEmpty() ? "" : ", ").append(result.errors());
        }
        return text.toString();
    }

    /** Every load result and memory sampling of the run, by size, mode, clients and way. */
    private static final class Measurements {
        private final Map<String, LoadResult> results = new LinkedHashMap<>();
        private final Map<String, MemorySampler.Peaks> peaks = new LinkedHashMap<>();
        private final Map<String, String> profiles = new LinkedHashMap<>();

        void put(long size, String mode, int clients, String way, LoadResult result, MemorySampler.Peaks sampled) {
            results.put(key(size, mode, clients, way), result);
            if (sampled != null) {
                peaks.put(key(size, mode, clients, ""), sampled);
            }
        }

        LoadResult result(long size, String mode, int clients, String way) {
            return results.get(key(size, mode, clients, way));
        }

        MemorySampler.Peaks peaks(long size, String mode, int clients) {
            return peaks.get(key(size, mode, clients, ""));
        }

        private static String key(long size, String mode, int clients, String way) {
            return size + "/" + mode + "/" + clients + "/" + way;
        }
    }
}
