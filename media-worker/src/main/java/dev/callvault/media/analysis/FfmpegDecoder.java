package dev.callvault.media.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    private static final int MESSAGES_KEPT = 8 * 1024;
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
        Process process = new ProcessBuilder(command).start();
        AtomicReference<IOException> sourceFailure = new AtomicReference<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        MessageTail messages = new MessageTail(MESSAGES_KEPT);
        Thread feeder = Thread.ofVirtual().name("ffmpeg-stdin").start(() -> feed(audio, process, sourceFailure));
        Thread drainer = Thread.ofVirtual().name("ffmpeg-stderr").start(() -> messages.drain(process.getErrorStream()));
        Thread watchdog = Thread.ofVirtual().name("ffmpeg-timeout").start(() -> {
            try {
                if (!process.waitFor(properties.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
        RecordingAnalysis analysis = null;
        IOException outputFailure = null;
        try (InputStream pcm = process.getInputStream()) {
            WavHeader header = WavHeader.read(pcm);
            PcmAnalyzer analyzer = new PcmAnalyzer(header.channels(), header.sampleRateHz(),
                    properties.samplesPerPixel(), detector);
            byte[] buffer = new byte[CHUNK];
            for (int read = pcm.read(buffer); read >= 0; read = pcm.read(buffer)) {
                analyzer.accept(buffer, 0, read);
            }
            analysis = analyzer.finish();
        } catch (IOException | IllegalArgumentException e) {
            outputFailure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } finally {
            if (analysis == null) {
                process.destroyForcibly();
            }
            int exit = process.waitFor();
            watchdog.interrupt();
            feeder.join();
            drainer.join();
            if (sourceFailure.get() != null) {
                throw new SourceReadException(sourceFailure.get());
            }
            if (timedOut.get()) {
                throw new UndecodableAudioException("decoding took longer than " + properties.timeout());
            }
            if (exit != 0 || analysis == null) {
                String reason = messages.lastLine().orElse(outputFailure == null ? "ffmpeg exited with " + exit
                        : outputFailure.getMessage());
                throw new UndecodableAudioException("ffmpeg cannot decode the recording: " + reason);
            }
        }
        return analysis.withLoudness(loudness(messages.text()));
    }

    private static void feed(InputStream audio, Process process, AtomicReference<IOException> sourceFailure) {
        try (OutputStream stdin = process.getOutputStream()) {
            byte[] buffer = new byte[CHUNK];
            while (true) {
                int read;
                try {
                    read = audio.read(buffer);
                } catch (IOException e) {
                    sourceFailure.set(e);
                    process.destroyForcibly();
                    return;
                }
                if (read < 0) {
                    return;
                }
                stdin.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // ffmpeg closed its input: it has read all it wants, or failed, which its exit status tells
            log.debug("ffmpeg stopped reading its input: {}", e.getMessage());
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

    /** The last bytes of ffmpeg's standard error, drained to its end so that ffmpeg never blocks on it. */
    private static final class MessageTail {

        private final byte[] ring;
        private long written;

        MessageTail(int size) {
            this.ring = new byte[size];
        }

        void drain(InputStream in) {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    synchronized (this) {
                        for (int i = 0; i < read; i++) {
                            ring[(int) (written++ % ring.length)] = buffer[i];
                        }
                    }
                }
            } catch (IOException e) {
                log.debug("ffmpeg's messages ended: {}", e.getMessage());
            }
        }

        synchronized String text() {
            int kept = (int) Math.min(written, ring.length);
            byte[] copy = new byte[kept];
            for (int i = 0; i < kept; i++) {
                copy[i] = ring[(int) ((written - kept + i) % ring.length)];
            }
            return new String(copy, StandardCharsets.UTF_8);
        }

        Optional<String> lastLine() {
            String[] lines = text().strip().split("\\R");
            for (int i = lines.length - 1; i >= 0; i--) {
                String line = lines[i].strip();
                if (!line.isEmpty()) {
                    return Optional.of(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
            return Optional.empty();
        }
    }
}
