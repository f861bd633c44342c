package dev.callvault.bench.memory;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.BenchStack;
import dev.callvault.bench.Plots;
import dev.callvault.bench.Scenario;
import dev.callvault.bench.Section;
import dev.callvault.bench.load.LoadResult;
import dev.callvault.bench.load.Wrk;
import dev.callvault.bench.playback.StackRecordings;
import dev.callvault.local.launcher.ServiceProcess;
import dev.callvault.local.launcher.StackSettings;
import dev.callvault.local.simulator.LargeRecording;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 5, {@code memory}: memory does not grow with a recording's size or with the number of streams.
 *
 * <ul>
 *   <li>Fetch of a 1 GB recording (quick: 100 MB) through the whole stack, the provider simulator serving it
 *       unthrottled: peak heap in use (jstat) and peak resident memory (VmRSS sampled, VmHWM reset at the start) of
 *       fetch-worker, and the fetch's rate.</li>
 *   <li>200 concurrent full streams (quick: 50) of the 100 MB recording from playback-service for 20 seconds (quick:
 *       5): peak heap and resident memory of playback-service, and the bytes it streamed.</li>
 * </ul>
 */
public final class MemoryBoundsScenario implements Scenario {

    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(200);

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Section run(BenchContext context) throws Exception {
        long fetchBytes = context.quick() ? 100_000_000L : 1_000_000_000L;
        int streams = context.quick() ? 50 : 200;
        int streamSeconds = context.quick() ? 5 : 20;
        long streamedSize = 100_000_000L;
        BenchStack stack = BenchStack.shared(context, Map.of());
        StackRecordings recordings = new StackRecordings(stack);
        String jvmOptions = stack.environment().variable("CALLVAULT_LOCAL_SERVICE_JVM_OPTS")
                .orElse(StackSettings.DEFAULT_SERVICE_JVM_OPTS);

        StackRecordings.Stored streamed = recordings.ofSize(streamedSize, Duration.ofMinutes(5));
        ServiceProcess fetchWorker = stack.service("fetch-worker");
        ProcessMemory.Resident fetchIdle = ProcessMemory.resident(fetchWorker.pid()).orElseThrow();
        System.out.printf("  fetch of %d bytes%n", fetchBytes);
        MemorySampler fetchSampler = new MemorySampler(fetchWorker.pid(), SAMPLE_INTERVAL, true);
        StackRecordings.Stored fetched;
        try {
            fetched = recordings.create(new LargeRecording(fetchBytes, StackRecordings.UNTHROTTLED_BYTES_PER_SECOND),
                    Duration.ofMinutes(10));
        } finally {
            fetchSampler.close();
        }
        double fetchSeconds = fetched.arrival().toMillis() / 1000.0;
        MemorySampler.Peaks fetch = fetchSampler.stop();
        boolean fetchWorkerAlive = fetchWorker.isAlive();

        ServiceProcess playback = stack.service("playback-service");
        ProcessMemory.Resident playbackIdle = ProcessMemory.resident(playback.pid()).orElseThrow();
        System.out.printf("  %d concurrent streams of %d bytes%n", streams, streamedSize);
        Wrk load = new Wrk(context.workDir().resolve("memory/wrk"));
        MemorySampler streamSampler = new MemorySampler(playback.pid(), SAMPLE_INTERVAL, true);
        LoadResult streamed200;
        try {
            streamed200 = load.run(recordings.signedUrl(streamed.recordingId(), Duration.ofHours(1)),
                    new Wrk.Settings("full", streams, streamedSize, streamSeconds, 65536));
        } finally {
            streamSampler.close();
        }
        MemorySampler.Peaks stream = streamSampler.stop();
        return section(context, jvmOptions, fetchBytes, fetchSeconds, fetchIdle, fetch, fetchWorkerAlive,
                fetched, streams, streamSeconds, playbackIdle, stream, streamed200, playback.isAlive());
    }

    private Section section(BenchContext context, String jvmOptions, long fetchBytes, double fetchSeconds,
                            ProcessMemory.Resident fetchIdle, MemorySampler.Peaks fetch, boolean fetchWorkerAlive,
                            StackRecordings.Stored fetched, int streams, int streamSeconds,
                            ProcessMemory.Resident playbackIdle, MemorySampler.Peaks stream, LoadResult streamed,
                            boolean playbackAlive) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Settings: services' JVM `").append(jvmOptions).append("` (the JVM exits on OutOfMemoryError). ")
                .append("Heap in use: `jstat -gc` (S0U+S1U+EU+OU, garbage not yet collected included) every ")
                .append(SAMPLE_INTERVAL.toMillis()).append(" ms; RSS: `VmRSS` of `/proc/<pid>/status` every ")
                .append(SAMPLE_INTERVAL.toMillis()).append(" ms, and `VmHWM` after resetting it at the start ")
                .append("(`echo 5 > /proc/<pid>/clear_refs`)").append(fetch.peakReset() ? "" : " — reset refused, "
                        + "so VmHWM counts from process start").append(".\n\n");
        md.append("| measurement | size | time | rate | idle RSS MiB | peak RSS MiB | VmHWM MiB | peak heap in use MiB "
                + "| survived |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        md.append(String.format("| fetch-worker: one fetch (simulator → fetch-worker → S3Proxy; time from webhook to AVAILABLE), recording %s | "
                        + "%d bytes | %.1f s | %.0f MB/s | %s | %s | %s | %s | %s |%n", fetched.recordingId(),
                fetchBytes, fetchSeconds, fetchBytes / fetchSeconds / 1e6, mib(fetchIdle.rssBytes()),
                mib(fetch.peakRssBytes()), mib(fetch.hwmBytes()), mib(fetch.peakHeapBytes()),
                fetchWorkerAlive ? "yes" : "NO"));
        md.append(String.format("| playback-service: %d concurrent full streams of 100 MB | %d bytes streamed | "
                        + "%d s | %.0f MB/s | %s | %s | %s | %s | %s |%n", streams, streamed.bytes(), streamSeconds,
                streamed.megabytesPerSecond(), mib(playbackIdle.rssBytes()), mib(stream.peakRssBytes()),
                mib(stream.hwmBytes()), mib(stream.peakHeapBytes()), playbackAlive ? "yes" : "NO"));
        md.append(String.format("%nStreams (wrk, %d connections, %d s): %d finished, %d errors; a stream still "
                        + "arriving at the end is cut.%n", streams, streamSeconds, streamed.requests(),
                streamed.errors()));

        List<Section.SummaryRow> summary = new ArrayList<>();
        summary.add(new Section.SummaryRow(name(), "fetch of " + fetchBytes / 1_000_000 + " MB: fetch-worker peak "
                + "heap / RSS", mib(fetch.peakHeapBytes()) + " / " + mib(Math.max(fetch.peakRssBytes(),
                fetch.hwmBytes())) + " MiB", jvmOptions.replaceAll(".*(-Xmx\\S+).*", "$1")));
        summary.add(new Section.SummaryRow(name(), streams + " concurrent 100 MB streams: playback-service peak heap "
                + "/ RSS", mib(stream.peakHeapBytes()) + " / " + mib(Math.max(stream.peakRssBytes(),
                stream.hwmBytes())) + " MiB", String.format("%.0f MB/s streamed", streamed.megabytesPerSecond())));

        String plot = context.plotName("memory");
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        series.put("idle RSS", List.of(mibValue(fetchIdle.rssBytes()), mibValue(playbackIdle.rssBytes())));
        series.put("peak RSS", List.of(mibValue(Math.max(fetch.peakRssBytes(), fetch.hwmBytes())),
                mibValue(Math.max(stream.peakRssBytes(), stream.hwmBytes()))));
        series.put("peak heap in use", List.of(mibValue(fetch.peakHeapBytes()), mibValue(stream.peakHeapBytes())));
        Plots.bars(context.resultsDir().resolve(plot), "Memory while moving large recordings", "MiB",
                List.of("fetch-worker, " + fetchBytes / 1_000_000 + " MB fetch",
                        "playback-service, " + streams + " streams"), series);
        return new Section("Memory bounds: a " + fetchBytes / 1_000_000 + " MB fetch and " + streams
                + " concurrent streams", md.toString(), summary, List.of(plot));
    }


    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.0f", bytes / 1048576.0);
    }

    private static double mibValue(long bytes) {
        return Math.max(0, bytes) / 1048576.0;
    }
}
