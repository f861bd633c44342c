package dev.callvault.media.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decodes a recording with ffmpeg and measures it ({@link PcmAnalyzer}) in one streaming pass: the bytes go to
 * ffmpeg's standard input as they are read, ffmpeg writes 16-bit PCM in a WAV stream to its standard output
 * (channels and sample rate of the source kept), and its EBU R 128 filter ({@code ebur128}, ffmpeg-filters
 * documentation, "ebur128") reports the integrated loudness on its standard error when the stream ends.
 *
 * <p>Three virtual threads per decode: the caller reads the PCM in 64 KiB chunks, one copies the source in 64 KiB
 * chunks, one keeps the last 8 KiB of ffmpeg's messages. At most {@code max-concurrent-analyses} ffmpeg processes
 * run at once; a decode that takes longer than {@code timeout} is killed.
 */
@Component
public class FfmpegDecoder {

    private static final Logger log = LoggerFactory.getLogger(FfmpegDecoder.class);
    private static final int CHUNK = 64 * 1024;
    private static final Pattern INTEGRATED = Pattern.compile("Summary:.*?I:\\s+(-?\\d+(?:\\.\\d+)?) LUFS",
            Pattern.DOTALL);

    private final AnalysisProperties properties;
    private final SpeechDetector detector;
    private final Semaphore processes;

    /**
     * @param properties the command, concurrency, timeout and measurement settings
     */
    public FfmpegDecoder(AnalysisProperties properties) {
        this.properties = properties;
        this.detector = properties.speechDetector();
        this.processes = new Semaphore(properties.maxConcurrentAnalyses(), true);
    }

    /**
     * Checks that the configured ffmpeg runs, so that a worker without it fails at startup, not per recording.
     *
     * @return ffmpeg's first line of {@code -version}, e.g. {@code ffmpeg version 5.1.9-0+deb12u1 ...}
     * @throws IllegalStateException if ffmpeg cannot be started or fails
     */
    public String version() {
        List<String> command = new ArrayList<>(properties.ffmpeg());
        command.add("-version");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("ffmpeg -version failed: " + firstLine(output));
            }
            return firstLine(output);
        } catch (IOException e) {
            throw new IllegalStateException("ffmpeg cannot be started (" + String.join(" ", properties.ffmpeg())
                    + "): install Debian's ffmpeg or set callvault.media.ffmpeg", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking ffmpeg", e);
        }
    }

    /**
     * Decodes and measures one recording.
     *
     * @param audio the recording's bytes, read once to their end; not closed
     * @return the measurements and the waveform peaks
     * @throws UndecodableAudioException if ffmpeg cannot decode the bytes or takes longer than the timeout
     * @throws SourceReadException       if reading {@code audio} fails (the store's failure; worth retrying)
     * @throws IOException               if ffmpeg cannot be started or its output cannot be read
     * @throws InterruptedException      if the thread is interrupted while waiting for a process slot or for ffmpeg
     */
    public RecordingAnalysis analyze(InputStream audio)
            throws UndecodableAudioException, IOException, InterruptedException {
        processes.acquire();
        try {
            return decode(audio);
        } finally {
            processes.release();
        }
    }

    private RecordingAnalysis decode(InputStream audio)
            throws UndecodableAudioException, IOException, InterruptedException {
        List<String> command = new ArrayList<>(properties.ffmpeg());
        command.addAll(List.of("-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
                "-i", "pipe:0", "-map", "0:a:0", "-vn", "-af", "ebur128=framelog=verbose",
                "-c:a", "pcm_s16le", "-f", "wav", "-bitexact", "pipe:1"));
        RecordingAnalysis analysis = null;
        try (FfmpegProcess ffmpeg = FfmpegProcess.start(command, audio, properties.timeout())) {
            try (InputStream pcm = ffmpeg.stdout()) {
                WavHeader header = WavHeader.read(pcm);
                PcmAnalyzer analyzer = new PcmAnalyzer(header.channels(), header.sampleRateHz(),
                        properties.samplesPerPixel(), detector);
                byte[] buffer = new byte[CHUNK];
                for (int read = pcm.read(buffer); read >= 0; read = pcm.read(buffer)) {
                    analyzer.accept(buffer, 0, read);
                }
                analysis = analyzer.finish();
            } catch (IOException | IllegalArgumentException e) {
                log.debug("ffmpeg's output could not be read: {}", e.getMessage());
            }
            String messages = ffmpeg.finish(analysis != null);
            return analysis.withLoudness(loudness(messages));
        }
    }

    static Double loudness(String messages) {
        Matcher matcher = INTEGRATED.matcher(messages);
        Double lufs = null;
        while (matcher.find()) {
            lufs = Double.valueOf(matcher.group(1));
        }
        return lufs;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
