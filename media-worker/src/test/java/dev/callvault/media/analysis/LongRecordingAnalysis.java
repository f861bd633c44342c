package dev.callvault.media.analysis;

import dev.callvault.local.testing.AudioFixtures;

/**
 * Run in its own JVM by {@link LongRecordingTests} (with {@code -Xmx128m}): analyses a WAV call of {@code args[0]}
 * seconds, 8 kHz stereo ({@link AudioFixtures#longWav}, made while it is read), streamed to ffmpeg. Prints
 * {@code durationMs=..., peaks=..., heapUsedMiB=..., maxHeapMiB=...} on success.
 */
public final class LongRecordingAnalysis {

    private LongRecordingAnalysis() {
    }

    /**
     * @param args the duration in seconds
     * @throws Exception if the analysis fails
     */
    public static void main(String[] args) throws Exception {
        RecordingAnalysis analysis = new FfmpegDecoder(Fixtures.DEFAULTS)
                .analyze(AudioFixtures.longWav(Integer.parseInt(args[0])));
        Runtime runtime = Runtime.getRuntime();
        System.out.println("durationMs=" + analysis.durationMs() + ", peaks=" + analysis.peaks().length()
                + ", heapUsedMiB=" + (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024)
                + ", maxHeapMiB=" + runtime.maxMemory() / (1024 * 1024));
    }
}
