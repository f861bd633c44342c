package dev.callvault.bench.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a process's memory while a measurement runs: resident memory from {@code /proc/<pid>/status} every
 * {@code interval}, and, when asked, the Java heap in use from one {@code jstat -gc <pid> <interval>} process (one JVM
 * for the whole sampling, not one per sample: on 2 cores a {@code jcmd} per sample would cost more than it measures).
 * {@link #stop()} stops it and gives the peaks.
 */
public final class MemorySampler implements AutoCloseable {

    private final long pid;
    private final boolean peakReset;
    private final AtomicLong peakRss = new AtomicLong();
    private final AtomicLong peakHeap = new AtomicLong(-1);
    private final AtomicLong samples = new AtomicLong();
    private final Thread residentThread;
    private final Process jstat;
    private final Thread jstatReader;
    private volatile boolean running = true;

    /**
     * What a sampling saw.
     *
     * @param peakRssBytes  largest {@code VmRSS} sampled, bytes
     * @param hwmBytes      {@code VmHWM} at the end, bytes: the true peak since the start of the sampling when
     *                      {@code peakReset}, since the process started otherwise
     * @param peakReset     whether the peak was reset at the start ({@link ProcessMemory#resetPeak(long)})
     * @param peakHeapBytes largest heap in use sampled, bytes, or -1 if the heap was not sampled
     * @param samples       resident memory samples taken
     */
    public record Peaks(long peakRssBytes, long hwmBytes, boolean peakReset, long peakHeapBytes, long samples) {
    }

    /**
     * Starts sampling (and resets the process's peak resident memory first).
     *
     * @param pid      the process
     * @param interval time between samples
     * @param heap     true to sample the heap with {@code jstat} too (the process must be a JVM of this user)
     * @throws IOException if {@code jstat} cannot be started
     */
    public MemorySampler(long pid, Duration interval, boolean heap) throws IOException {
        this.pid = pid;
        this.peakReset = ProcessMemory.resetPeak(pid);
        this.residentThread = Thread.ofPlatform().daemon().name("rss-sampler-" + pid).start(() -> {
            while (running) {
                ProcessMemory.resident(pid).ifPresent(resident -> {
                    peakRss.accumulateAndGet(resident.rssBytes(), Math::max);
                    samples.incrementAndGet();
                });
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        if (heap) {
            jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    String.valueOf(pid), String.valueOf(interval.toMillis())).redirectErrorStream(true).start();
            jstatReader = Thread.ofPlatform().daemon().name("jstat-reader-" + pid).start(this::readJstat);
        } else {
            jstat = null;
            jstatReader = null;
        }
    }

    private void readJstat() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(),
                StandardCharsets.UTF_8))) {
            String header = null;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.contains("S0U")) {
                    header = line;
                    continue;
                }
                if (header != null) {
                    OptionalLong used = ProcessMemory.parseJstatHeapUsed(header, line);
                    used.ifPresent(bytes -> peakHeap.accumulateAndGet(bytes, Math::max));
                }
            }
        } catch (IOException e) {
            // jstat ended (the sampling was closed)
        }
    }

    /** Stops sampling, if not stopped yet. */
    @Override
    public void close() {
        if (running) {
            stop();
        }
    }

    /**
     * Stops sampling.
     *
     * @return the peaks seen
     */
    public Peaks stop() {
        running = false;
        residentThread.interrupt();
        try {
            residentThread.join(5_000);
            if (jstat != null) {
                jstat.destroy();
                jstatReader.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long hwm = ProcessMemory.resident(pid).map(ProcessMemory.Resident::hwmBytes).orElse(-1L);
        return new Peaks(peakRss.get(), hwm, peakReset, peakHeap.get(), samples.get());
    }
}
