package dev.callvault.bench.playback;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.BenchStack;
import dev.callvault.bench.ConsumerGroupLag;
import dev.callvault.bench.Plots;
import dev.callvault.bench.Scenario;
import dev.callvault.bench.Section;
import dev.callvault.bench.load.LoadResult;
import dev.callvault.bench.load.Wrk;
import dev.callvault.bench.memory.MemorySampler;
import dev.callvault.events.Topics;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.ServiceProcess;
import dev.callvault.local.launcher.StackSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scenario 1, {@code playback}: the same recording (1 MB and 100 MB) served three ways — CallVault's signed-URL stream
 * (playback-service: read model lookup, signature check, acknowledged {@code RecordingAccessed}, ranged S3 read copied
 * in 64 KiB chunks), a presigned GET straight on the S3 server (S3Proxy), and nginx serving the same bytes from disk
 * (the physical limit on loopback). For each at 1, 16, 64 and 256 concurrent clients (quick: 1 and 16): whole-file
 * GETs (MB/s) and random 64 KiB {@code Range} GETs (requests/s, p50/p99 time to first byte), the ratios CallVault/S3
 * and CallVault/nginx, and the resident memory of playback-service and audit-service during each CallVault level.
 *
 * <p>Every CallVault request is audited: playback-service publishes an acknowledged {@code RecordingAccessed}
 * ({@code STREAM}) before the body, and audit-service stores it. After each CallVault level the scenario checks it
 * through audit-service's API ({@link AuditEvents}): the recording's {@code STREAM} events added since before the
 * level must reach the requests wrk completed in the level, warm-up included (requests wrk cut at the end of a run
 * were audited too, so audited may exceed completed); it reports how long after the load they took to catch up (at
 * most {@link #AUDIT_CATCH_UP}), and how long until the consumer group {@value #AUDIT_GROUP} had lag 0 on
 * {@code callvault.recording-accessed.v1} (Kafka's admin API, {@link ConsumerGroupLag}), with the largest lag read.
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

    /**
     * audit-service's consumer group on {@code callvault.recording-accessed.v1} ({@code AuditConsumers.GROUP_ID}
     * of audit-service, {@code spring.kafka.consumer.group-id} of its application.yml).
     */
    static final String AUDIT_GROUP = "audit-service";
    /** How long after a CallVault level its audit rows and the audit consumer's lag may take to catch up. */
    static final Duration AUDIT_CATCH_UP = Duration.ofSeconds(60);
    /** Interval of the audit-row polls and of the consumer-lag readings. */
    static final Duration LAG_SAMPLE = Duration.ofMillis(250);

    private static final Duration MEMORY_SAMPLE = Duration.ofMillis(200);
    private static final Duration URL_TTL = Duration.ofHours(3);
    private static final String[] WAYS = {"CallVault", "S3 presigned", "nginx"};
    private static final String[] MODES = {"full", "range"};
    /** Seconds each way serves each size and mode before the first level (quick: 1). */
    private static final int WARM_UP_SECONDS = 5;
    /** Clients of that warm-up. */
    private static final int WARM_UP_CLIENTS = 16;

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
        ServiceProcess audit = stack.service("audit-service");
        StackRecordings recordings = new StackRecordings(stack);
        AuditEvents auditEvents = new AuditEvents(stack);
        Path work = context.workDir().resolve("playback");
        Wrk load = new Wrk(work.resolve("wrk"));

        Map<Long, Map<String, URI>> urls = new LinkedHashMap<>();
        Map<Long, UUID> recordingIds = new LinkedHashMap<>();
        try (Nginx nginx = Nginx.start(work.resolve("nginx"), work.resolve("html"));
             ConsumerGroupLag consumerLag = new ConsumerGroupLag(stack.addresses().get("kafka.bootstrap-servers"))) {
            for (long size : SIZES) {
                StackRecordings.Stored stored = recordings.ofSize(size, Duration.ofMinutes(5));
                String file = "recording-" + label(size).replace(" ", "") + ".mp3";
                StackRecordings.writeFile(stored, work.resolve("html").resolve(file));
                Map<String, URI> ways = new LinkedHashMap<>();
                ways.put(WAYS[0], recordings.signedUrl(stored.recordingId(), URL_TTL));
                ways.put(WAYS[1], recordings.presignedGet(stored.objectKey(), URL_TTL));
                ways.put(WAYS[2], URI.create(nginx.url(file)));
                urls.put(size, ways);
                recordingIds.put(size, stored.recordingId());
            }
            // the services, S3Proxy and nginx were started for this run: every way serves every size and mode for a
            // while first, so that no table measures a JIT compiler at work (the first tables did before)
            int warmUpSeconds = context.quick() ? 1 : WARM_UP_SECONDS;
            for (long size : SIZES) {
                for (String mode : MODES) {
                    for (String way : WAYS) {
                        System.out.printf("  warm-up: %s %s %s, %d clients, %d s%n", label(size), mode, way,
                                WARM_UP_CLIENTS, warmUpSeconds);
                        load.run(urls.get(size).get(way), new Wrk.Settings(mode, WARM_UP_CLIENTS, size,
                                warmUpSeconds, RANGE_BYTES));
                    }
                }
            }
            Measurements measured = new Measurements();
            for (long size : SIZES) {
                for (String mode : MODES) {
                    for (int clients : levels) {
                        for (String way : WAYS) {
                            Wrk.Settings settings = new Wrk.Settings(mode, clients, size, seconds, RANGE_BYTES);
                            System.out.printf("  %s %s %s, %d clients%n", label(size), mode, way, clients);
                            boolean callVault = way.equals(WAYS[0]);
                            long auditedBefore = 0;
                            if (callVault) {
                                // what earlier levels published is stored before the count this level starts from
                                awaitNoLag(consumerLag, AUDIT_CATCH_UP);
                                auditedBefore = auditEvents.streams(recordingIds.get(size));
                            }
                            MemorySampler sampler = callVault
                                    ? new MemorySampler(playback.pid(), MEMORY_SAMPLE, false) : null;
                            MemorySampler auditSampler = callVault
                                    ? new MemorySampler(audit.pid(), MEMORY_SAMPLE, false) : null;
                            ConsumerGroupLag.Sampling lagSampling = callVault ? consumerLag.sample(AUDIT_GROUP,
                                    Topics.RECORDING_ACCESSED, LAG_SAMPLE) : null;
                            FlightRecording recording = profile && callVault && size == SIZES.get(1)
                                    && clients == levels.get(levels.size() - 1) ? FlightRecording.start(
                                    playback.pid(), work.resolve("profiles/" + mode + "-" + clients + ".jfr")) : null;
                            LoadResult warm = load.run(urls.get(size).get(way), new Wrk.Settings(mode, clients, size,
                                    warmup, RANGE_BYTES));
                            LoadResult result = load.run(urls.get(size).get(way), settings);
                            MemorySampler.Peaks peaks = sampler == null ? null : sampler.stop();
                            if (recording != null) {
                                measured.profiles.put(mode + " at " + clients + " clients", recording.stop());
                            }
                            measured.put(size, mode, clients, way, result, peaks);
                            if (callVault) {
                                measured.putAudit(size, mode, clients, auditLevel(auditEvents,
                                        recordingIds.get(size), auditedBefore, warm.requests() + result.requests(),
                                        lagSampling, auditSampler));
                            }
                        }
                    }
                }
            }
            return section(context, stack, levels, seconds, warmup, nginx.version(),
                    measured);
        }
    }

    /**
     * After a CallVault level: polls audit-service's count of the recording's {@code STREAM} events every
     * {@link #LAG_SAMPLE} until it reaches the requests wrk completed (warm-up included), then waits for the
     * {@code audit-service} group's lag to read 0, each at most {@link #AUDIT_CATCH_UP} from the end of the load.
     *
     * @param auditEvents   audit-service's API
     * @param recordingId   the recording streamed
     * @param before        its events counted before the level
     * @param completed     requests wrk completed in the level's runs
     * @param lagSampling   the group's lag, sampled since the start of the level; closed here
     * @param auditSampler  audit-service's memory, sampled since the start of the level; stopped here
     * @return what audit-service made of the level
     * @throws InterruptedException if interrupted while waiting
     */
    private static AuditLevel auditLevel(AuditEvents auditEvents, UUID recordingId, long before, long completed,
                                         ConsumerGroupLag.Sampling lagSampling, MemorySampler auditSampler)
            throws InterruptedException {
        Instant loadEnd = Instant.now();
        Instant deadline = loadEnd.plus(AUDIT_CATCH_UP);
        long audited;
        Duration rowsCaughtUp = null;
        while (true) {
            audited = auditEvents.streams(recordingId) - before;
            if (audited >= completed) {
                rowsCaughtUp = Duration.between(loadEnd, Instant.now());
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(LAG_SAMPLE);
        }
        Duration lagZero;
        long maxLag;
        try (lagSampling) {
            Duration left = Duration.between(Instant.now(), deadline);
            lagZero = lagSampling.awaitZero(loadEnd, left.isNegative() ? Duration.ZERO : left)
                    .map(sample -> Duration.between(loadEnd, sample.at())).orElse(null);
            maxLag = lagSampling.maxLag();
        }
        MemorySampler.Peaks auditPeaks = auditSampler.stop();
        return new AuditLevel(completed, audited, rowsCaughtUp, maxLag, lagZero, auditPeaks);
    }

    /** Waits (at most {@code timeout}) until audit-service's group has no lag on the access topic. */
    private static void awaitNoLag(ConsumerGroupLag consumerLag, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (consumerLag.lag(AUDIT_GROUP, Topics.RECORDING_ACCESSED) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(LAG_SAMPLE);
        }
    }

    private Section section(BenchContext context, BenchStack stack, List<Integer> levels, int seconds, int warmup,
                            String nginxVersion, Measurements measured)
            throws java.io.IOException {
        StringBuilder md = new StringBuilder();
        md.append("Settings: recordings of ").append(label(SIZES.get(0))).append(" and ").append(label(SIZES.get(1)))
                .append(" (MB = 10^6 bytes; real MP3 frames repeated, fetched through the whole stack from the ")
                .append("provider simulator), served three ways: CallVault's signed URL (`GET /v1/streams/{id}`), ")
                .append("a presigned GET on S3Proxy (SigV4 query), nginx (").append(nginxVersion)
                .append(", `sendfile on`, `tcp_nopush off`, 2 workers) from the run's work folder. Clients: ")
                .append(levels).append(" keep-alive connections, each one request at a time. Before the first level, each ")
                .append("way served each size and mode for ").append(WARM_UP_SECONDS).append(" s at ")
                .append(WARM_UP_CLIENTS).append(" clients (not measured; the JVMs were started for this run); each level ")
                .append(warmup).append(" s warm-up run then ").append(seconds).append(" s measured. Ranges: random ")
                .append(RANGE_BYTES).append("-byte `Range` GETs. Load: wrk (").append(wrkVersion())
                .append(", 2 threads, a generated Lua script draws the ranges), a native process that costs little CPU ")
                .append("beside the servers on 2 cores. Latency is ")
                .append("wrk's: request sent to whole answer, which for 64 KiB on loopback is the time to first byte ")
                .append("plus microseconds. Services' JVM: `").append(serviceJvmOptions(stack))
                .append("`. Full-file MB/s counts the bytes received during the run (a 100 MB body may span it). ")
                .append("RSS: playback-service's `VmRSS` sampled every 200 ms during the CallVault runs of the level ")
                .append("(warm-up and measured), and its `VmHWM` reset at the start of the level; audit-service's the ")
                .append("same, from the start of the level until its rows and its consumer lag caught up.\n\n")
                .append(auditSettings(warmup)).append("\n\n");
        List<Section.SummaryRow> summary = new ArrayList<>();
        int top = levels.get(levels.size() - 1);
        for (long size : SIZES) {
            md.append("### Full file, ").append(label(size)).append(": MB/s\n\n")
                    .append("| clients | CallVault | S3 presigned | nginx | CallVault/S3 | CallVault/nginx | ")
                    .append("CallVault p99 latency ms | playback-service RSS peak / HWM MiB | ")
                    .append("audit-service RSS peak / HWM MiB | errors |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int clients : levels) {
                LoadResult cv = measured.result(size, "full", clients, WAYS[0]);
                LoadResult s3 = measured.result(size, "full", clients, WAYS[1]);
                LoadResult nx = measured.result(size, "full", clients, WAYS[2]);
                md.append(String.format("| %d | %.0f | %.0f | %.0f | %.2f | %.2f | %.1f | %s | %s | %s |%n", clients,
                        cv.megabytesPerSecond(), s3.megabytesPerSecond(), nx.megabytesPerSecond(),
                        ratio(cv.megabytesPerSecond(), s3.megabytesPerSecond()),
                        ratio(cv.megabytesPerSecond(), nx.megabytesPerSecond()), cv.latencyP99Ms(),
                        rss(measured.peaks(size, "full", clients)),
                        rss(measured.audit(size, "full", clients).auditPeaks()), errors(cv, s3, nx)));
            }
            md.append('\n');
            md.append("### 64 KiB ranges, ").append(label(size)).append(": requests/s and latency\n\n")
                    .append("| clients | CallVault req/s | S3 req/s | nginx req/s | CallVault/S3 | CallVault/nginx | ")
                    .append("latency p50/p99 ms CallVault | S3 | nginx | playback-service RSS peak / HWM MiB | ")
                    .append("audit-service RSS peak / HWM MiB | errors |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int clients : levels) {
                LoadResult cv = measured.result(size, "range", clients, WAYS[0]);
                LoadResult s3 = measured.result(size, "range", clients, WAYS[1]);
                LoadResult nx = measured.result(size, "range", clients, WAYS[2]);
                md.append(String.format("| %d | %.0f | %.0f | %.0f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |%n",
                        clients, cv.requestsPerSecond(), s3.requestsPerSecond(), nx.requestsPerSecond(),
                        ratio(cv.requestsPerSecond(), s3.requestsPerSecond()),
                        ratio(cv.requestsPerSecond(), nx.requestsPerSecond()), ttfb(cv), ttfb(s3), ttfb(nx),
                        rss(measured.peaks(size, "range", clients)),
                        rss(measured.audit(size, "range", clients).auditPeaks()), errors(cv, s3, nx)));
            }
            md.append('\n');
            md.append("### Audit of CallVault's requests, ").append(label(size)).append("\n\n")
                    .append("| mode | clients | requests completed (warm-up + measured) | STREAM events audited | ")
                    .append("audited ≥ completed | rows caught up after s | max consumer lag | lag 0 after s |\n")
                    .append("|---|---:|---:|---:|---|---:|---:|---:|\n");
            for (String mode : MODES) {
                for (int clients : levels) {
                    AuditLevel audit = measured.audit(size, mode, clients);
                    md.append(String.format("| %s | %d | %,d | %,d | %s | %s | %,d | %s |%n", mode, clients,
                            audit.completed(), audit.audited(), audit.complete() ? "yes" : "**no**",
                            seconds(audit.rowsCaughtUp()), audit.maxLag(), seconds(audit.lagZero())));
                }
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
        List<AuditLevel> audits = List.copyOf(measured.audits.values());
        long auditPeakRss = audits.stream().map(AuditLevel::auditPeaks).mapToLong(p ->
                Math.max(p.peakRssBytes(), p.hwmBytes())).max().orElse(0);
        summary.add(new Section.SummaryRow(name(), "audit-service peak RSS, any CallVault level",
                mib(auditPeakRss) + " MiB", "heap " + heapOption(stack)));
        long complete = audits.stream().filter(AuditLevel::complete).count();
        summary.add(new Section.SummaryRow(name(), "audit rows ≥ completed requests at every CallVault level",
                complete == audits.size() ? "yes" : "no", complete + " of " + audits.size() + " levels, within "
                + AUDIT_CATCH_UP.toSeconds() + " s of the load's end"));
        summary.add(new Section.SummaryRow(name(), "max audit rows catch-up after a level",
                worst(audits.stream().map(AuditLevel::rowsCaughtUp).toList()), "from the end of the load"));
        summary.add(new Section.SummaryRow(name(), "max audit consumer lag catch-up (lag 0) after a level",
                worst(audits.stream().map(AuditLevel::lagZero).toList()), String.format("group %s; max lag seen "
                        + "%,d records", AUDIT_GROUP, audits.stream().mapToLong(AuditLevel::maxLag).max().orElse(0))));

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

    /**
     * @param warmup seconds of each level's warm-up run
     * @return the paragraph saying how the audit rows and the consumer lag were measured
     */
    static String auditSettings(int warmup) {
        return "Audit: every CallVault request publishes an acknowledged `RecordingAccessed` (`STREAM`) that "
                + "audit-service stores. Before each CallVault level (once the consumer group `" + AUDIT_GROUP
                + "` has no lag) and every " + LAG_SAMPLE.toMillis() + " ms after it, `GET /v1/audit-events?"
                + "recordingId=<id>&action=STREAM&page=0&size=1` (dev JWT, scope `audit:read`, tenant `" + LocalDefaults.TENANT
                + "`) gives `totalItems` of the recording's `STREAM` events (`action=STREAM`). \"Audited\" is the count added since before the "
                + "level; \"completed\" the requests wrk completed in the level's " + warmup + " s warm-up run and "
                + "measured run (all are audited; requests wrk cut at the end of a run were audited too, so audited "
                + "≥ completed is the criterion). \"Rows caught up\" is the time from the end of the load until "
                + "audited ≥ completed, at most " + AUDIT_CATCH_UP.toSeconds() + " s. Consumer lag: the group's "
                + "committed offsets against the latest offsets of `" + Topics.RECORDING_ACCESSED + "` (Kafka's "
                + "admin API, `listConsumerGroupOffsets` and `listOffsets`), read every " + LAG_SAMPLE.toMillis()
                + " ms from the start of the level; \"lag 0 after\" counts from the end of the load, at most "
                + AUDIT_CATCH_UP.toSeconds() + " s.";
    }

    /** @return seconds with one decimal, or {@code not within 60 s} for {@code null} */
    private static String seconds(Duration duration) {
        return duration == null ? "not within " + AUDIT_CATCH_UP.toSeconds() + " s"
                : String.format("%.1f", duration.toMillis() / 1000.0);
    }

    /** @return the longest of the durations in seconds, or how many were not within the catch-up time */
    private static String worst(List<Duration> durations) {
        long missed = durations.stream().filter(java.util.Objects::isNull).count();
        if (missed > 0) {
            return "not within " + AUDIT_CATCH_UP.toSeconds() + " s at " + missed + " of " + durations.size()
                    + " levels";
        }
        return durations.stream().max(Duration::compareTo).map(d -> seconds(d) + " s").orElse("n/a");
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

    /**
     * What audit-service made of one CallVault level.
     *
     * @param completed    requests wrk completed in the level: its warm-up run and its measured run
     * @param audited      the recording's {@code STREAM} events added since before the level, at the last poll
     * @param rowsCaughtUp from the end of the load until {@code audited >= completed}, or {@code null} if not within
     *                     {@link #AUDIT_CATCH_UP}
     * @param maxLag       largest lag of {@value #AUDIT_GROUP} read from the start of the level until it was 0
     * @param lagZero      from the end of the load until the group's lag read 0, or {@code null} if not within
     *                     {@link #AUDIT_CATCH_UP}
     * @param auditPeaks   audit-service's memory from the start of the level until both caught up
     */
    record AuditLevel(long completed, long audited, Duration rowsCaughtUp, long maxLag, Duration lagZero,
                      MemorySampler.Peaks auditPeaks) {

        /** @return whether every completed request has its audit row */
        boolean complete() {
            return audited >= completed;
        }
    }

    /** Every load result, memory sampling and audit check of the run, by size, mode, clients and way. */
    private static final class Measurements {
        private final Map<String, LoadResult> results = new LinkedHashMap<>();
        private final Map<String, MemorySampler.Peaks> peaks = new LinkedHashMap<>();
        private final Map<String, String> profiles = new LinkedHashMap<>();
        private final Map<String, AuditLevel> audits = new LinkedHashMap<>();

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

        void putAudit(long size, String mode, int clients, AuditLevel audit) {
            audits.put(key(size, mode, clients, ""), audit);
        }

        AuditLevel audit(long size, String mode, int clients) {
            return audits.get(key(size, mode, clients, ""));
        }

        private static String key(long size, String mode, int clients, String way) {
            return size + "/" + mode + "/" + clients + "/" + way;
        }
    }
}
