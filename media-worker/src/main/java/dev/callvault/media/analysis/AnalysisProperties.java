package dev.callvault.media.analysis;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How media-worker decodes and measures recordings, {@code callvault.media.*}.
 *
 * @param ffmpeg                 the ffmpeg command as a list of words, default {@code nice -n 10 ffmpeg}: Debian's
 *                               package {@code ffmpeg} from the {@code PATH}, at a lower CPU priority (coreutils'
 *                               {@code nice}) so that it takes the cores the pipeline leaves
 * @param maxConcurrentAnalyses  ffmpeg processes at once per worker, default 2 (one per core of the local machines);
 *                               listener threads beyond it wait
 * @param timeout                longest decode of one recording before its ffmpeg is killed and the attempt fails,
 *                               default 10 minutes (a 2-hour call decodes in well under a minute)
 * @param samplesPerPixel        audio sample frames per min/max pair of the waveform peaks, default 256 (audiowaveform's
 *                               default zoom; 32 ms per pair at 8 kHz, 5.8 ms at 44.1 kHz), 16 to 65,536
 * @param speechThresholdDbfs    a 10 ms frame of a channel is speech when its RMS level is above this many dB relative
 *                               to full scale, default -40.0
 * @param speechMinBurst         shorter bursts above the threshold are clicks, not speech, default 50 ms
 * @param speechHangover         pauses inside speech shorter than this count as speech (a breath between words),
 *                               default 300 ms
 */
@ConfigurationProperties("callvault.media")
public record AnalysisProperties(
        @DefaultValue({"nice", "-n", "10", "ffmpeg"}) List<String> ffmpeg,
        @DefaultValue("2") int maxConcurrentAnalyses,
        @DefaultValue("10m") Duration timeout,
        @DefaultValue("256") int samplesPerPixel,
        @DefaultValue("-40.0") double speechThresholdDbfs,
        @DefaultValue("50ms") Duration speechMinBurst,
        @DefaultValue("300ms") Duration speechHangover) {

    /**
     * @throws IllegalArgumentException if a value is out of its range
     */
    public AnalysisProperties {
        require(ffmpeg != null && !ffmpeg.isEmpty() && !ffmpeg.getFirst().isBlank(), "ffmpeg must name a command");
        require(maxConcurrentAnalyses >= 1, "max-concurrent-analyses must be at least 1");
        require(timeout != null && timeout.toMillis() >= 1000, "timeout must be at least 1s");
        require(samplesPerPixel >= 16 && samplesPerPixel <= 65_536, "samples-per-pixel must be 16 to 65536");
        require(speechThresholdDbfs < 0 && speechThresholdDbfs > -96, "speech-threshold-dbfs must be -96 to 0");
        require(speechMinBurst != null && !speechMinBurst.isNegative(), "speech-min-burst must not be negative");
        require(speechHangover != null && !speechHangover.isNegative(), "speech-hangover must not be negative");
        ffmpeg = List.copyOf(ffmpeg);
    }

    /** @return the speech detector these properties describe */
    public SpeechDetector speechDetector() {
        return new SpeechDetector(speechThresholdDbfs, speechMinBurst, speechHangover);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
