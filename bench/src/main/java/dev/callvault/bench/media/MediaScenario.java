package dev.callvault.bench.media;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.Scenario;
import dev.callvault.bench.Section;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.media.analysis.AnalysisProperties;
import dev.callvault.media.analysis.FfmpegDecoder;
import dev.callvault.media.analysis.FfmpegProcess;
import dev.callvault.media.analysis.RecordingAnalysis;
import dev.callvault.media.rendition.OpusEncoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Scenario {@code media}: how fast media-worker's ffmpeg work is and what the Opus rendition saves, in this JVM with
 * the worker's own classes and default settings ({@code application.yml}), without Kafka or S3 (their cost is the
 * other scenarios').
 *
 * <p>For each input: one decode with the measurements and peaks ({@link FfmpegDecoder}), then one Opus encode with
 * the worker's command line ({@link OpusEncoder#command}) into a counting sink. CPU time is the JVM's process CPU
 * time plus the reaped children's ({@code cutime + cstime} of {@code /proc/self/stat}, proc(5)), so it counts ffmpeg
 * too; "× real time per core" is seconds of audio per CPU second. Inputs: the local stack's committed fixtures (8 kHz
 * stereo WAV and MP3 of a Twilio-style call, a 16 kHz mono MP3) and a 30-minute 8 kHz stereo WAV call made by repeating
 * the WAV fixture's samples ({@code AudioFixtures.longWav}; quick: 5 minutes).
 */
public final class MediaScenario implements Scenario {

    private static final AnalysisProperties DEFAULTS = new AnalysisProperties(List.of("ffmpeg"), 2,
            Duration.ofMinutes(10), 256, -40.0, Duration.ofMillis(50), Duration.ofMillis(300));
    private static final int BITRATE_PER_CHANNEL = 24_000;
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    @Override
    public String name() {
        return "media";
    }

    @Override
    public Section run(BenchContext context) throws Exception {
        int longSeconds = context.quick() ? 300 : 1800;
        List<Input> inputs = List.of(
                fixture("Twilio-style call, 8 kHz stereo WAV", AudioFixtures.TWILIO_DUAL_CHANNEL_WAV),
                fixture("Twilio-style call, 8 kHz stereo MP3 32 kbit/s", AudioFixtures.TWILIO_DUAL_CHANNEL_MP3),
                fixture("ElevenLabs conversation, 16 kHz mono MP3 48 kbit/s", AudioFixtures.ELEVENLABS_CONVERSATION_MP3),
                new Input(longSeconds / 60 + "-minute call, 8 kHz stereo WAV (repeated fixture)",
                        44L + (long) longSeconds * 8000 * 4, () -> AudioFixtures.longWav(longSeconds)));
        FfmpegDecoder decoder = new FfmpegDecoder(DEFAULTS);
        decoder.version();
        // warm-up: the JIT and ffmpeg's first start are not what a running worker pays per recording
        decoder.analyze(inputs.getFirst().open().get());

        List<Result> results = new ArrayList<>();
        for (Input input : inputs) {
            System.out.printf("  media: %s%n", input.name());
            long cpuBefore = cpuNanos();
            long wallBefore = System.nanoTime();
            RecordingAnalysis analysis;
            try (InputStream in = input.open().get()) {
                analysis = decoder.analyze(in);
            }
            long analysisCpu = cpuNanos() - cpuBefore;
            long analysisWall = System.nanoTime() - wallBefore;
            long originalBitsPerSecond = input.sizeBytes() * 8_000 / Math.max(1, analysis.durationMs());
            int bitrate = OpusEncoder.bitrate(BITRATE_PER_CHANNEL, analysis.channels(), originalBitsPerSecond);
            cpuBefore = cpuNanos();
            wallBefore = System.nanoTime();
            long opusBytes;
            try (InputStream in = input.open().get();
                 FfmpegProcess ffmpeg = FfmpegProcess.start(OpusEncoder.command(List.of("ffmpeg"),
                         analysis.channels(), bitrate, "voip"), in, Duration.ofMinutes(10))) {
                opusBytes = ffmpeg.stdout().transferTo(java.io.OutputStream.nullOutputStream());
                ffmpeg.finish(true);
            }
            long encodeCpu = cpuNanos() - cpuBefore;
            long encodeWall = System.nanoTime() - wallBefore;
            results.add(new Result(input, analysis, analysisCpu, analysisWall, bitrate, opusBytes, encodeCpu,
                    encodeWall));
        }
        return section(results);
    }

    private static Section section(List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append("Settings: media-worker's defaults (256 samples per pixel, speech above -40 dBFS, Opus at 24 kbit/s per"
                + " channel and never above the original's average bitrate, `application=voip`); ffmpeg `")
                .append(ffmpegVersion()).append("`. CPU: the JVM's plus ffmpeg's (reaped children), so the figure is"
                + " what one worker spends per recording; × real time = seconds of audio per CPU second.\n\n");
        md.append("| input | audio s | size | analysis CPU s | analysis × real time per core | Opus kbit/s | Opus size |"
                + " bytes saved | encode CPU s | encode × real time per core |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Section.SummaryRow> summary = new ArrayList<>();
        long audioMs = 0;
        long cpu = 0;
        for (Result r : results) {
            double seconds = r.analysis().durationMs() / 1000.0;
            double saved = 1.0 - (double) r.opusBytes() / r.input().sizeBytes();
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %.3f | %.0f× | %.1f | %s | %.0f %% | %.3f | %.0f× |%n",
                    r.input().name(), seconds, bytes(r.input().sizeBytes()), r.analysisCpu() / 1e9,
                    seconds / Math.max(1e-9, r.analysisCpu() / 1e9), r.bitrate() / 1000.0, bytes(r.opusBytes()),
                    saved * 100, r.encodeCpu() / 1e9, seconds / Math.max(1e-9, r.encodeCpu() / 1e9)));
            audioMs += r.analysis().durationMs();
            cpu += r.analysisCpu() + r.encodeCpu();
        }
        Result wav = results.getFirst();
        Result longest = results.getLast();
        summary.add(new Section.SummaryRow("media", "analysis + Opus rendition, × real time per core (long WAV call)",
                String.format(Locale.ROOT, "%.0f×", longest.analysis().durationMs() / 1000.0
                        / ((longest.analysisCpu() + longest.encodeCpu()) / 1e9)), longest.input().name()));
        summary.add(new Section.SummaryRow("media", "Opus rendition bytes saved, WAV fixture",
                String.format(Locale.ROOT, "%.0f %%", 100.0 * (1 - (double) wav.opusBytes() / wav.input().sizeBytes())),
                "8 kHz stereo PCM to 48 kbit/s Opus"));
        summary.add(new Section.SummaryRow("media", "audio processed per CPU second, all inputs",
                String.format(Locale.ROOT, "%.0f s", audioMs / 1000.0 / (cpu / 1e9)), "decode, measure, encode"));
        md.append("\nNot measured here: the pipeline's throughput to `AVAILABLE` with media-worker running beside it"
                + " (the pipeline scenario runs without it; media-worker consumes `recording-stored` after the"
                + " catalog has the recording).\n");
        return new Section("Media: analysis and Opus rendition (media-worker)", md.toString(), summary, List.of());
    }

    private static Input fixture(String name, String fixture) {
        byte[] bytes = AudioFixtures.bytes(fixture);
        return new Input(name, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    /** The JVM's CPU time plus that of its reaped children (proc(5): utime.. cstime), in nanoseconds. */
    private static long cpuNanos() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after ')': field 3 is index 0, so cutime (16) and cstime (17) are at 13 and 14
            long children = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            return jvm + children * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return jvm;
        }
    }

    private static String ffmpegVersion() {
        try {
            return new FfmpegDecoder(DEFAULTS).version();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String bytes(long count) {
        return count >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", count / 1e6)
                : String.format(Locale.ROOT, "%.1f kB", count / 1e3);
    }

    private record Input(String name, long sizeBytes, Supplier<InputStream> open) {
    }

    private record Result(Input input, RecordingAnalysis analysis, long analysisCpu, long analysisWall, int bitrate,
            long opusBytes, long encodeCpu, long encodeWall) {
    }
}
