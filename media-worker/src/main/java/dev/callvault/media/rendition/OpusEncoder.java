package dev.callvault.media.rendition;

import dev.callvault.media.analysis.AnalysisProperties;
import dev.callvault.media.analysis.FfmpegProcess;
import dev.callvault.media.analysis.UndecodableAudioException;
import dev.callvault.media.derivatives.DerivativeStore;
import dev.callvault.media.derivatives.DerivativeStore.DerivativeStoreException;
import dev.callvault.media.derivatives.DerivativeStore.StoredRendition;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * Encodes a recording into Ogg Opus (RFC 7845 encapsulation of RFC 6716 Opus; ffmpeg's {@code libopus} encoder)
 * with its channels kept, streaming: the original's bytes go to ffmpeg's standard input, ffmpeg's Ogg output goes
 * straight into a multipart upload next to the original, hashed on the way. Nothing is written to local disk.
 *
 * <p>At most {@code max-concurrent-analyses} encodes run at once. The decoder has a limit of its own, and a record is
 * decoded, then encoded, on its listener thread, so a worker never runs more ffmpeg processes than listener threads.
 */
@Component
public class OpusEncoder {

    /** Media type of the rendition (RFC 7845 section 9). */
    public static final String CONTENT_TYPE = "audio/ogg; codecs=opus";

    private final AnalysisProperties analysis;
    private final RenditionProperties properties;
    private final DerivativeStore store;
    private final Semaphore processes;

    /**
     * @param analysis   the ffmpeg command, its timeout and the process limit
     * @param properties bitrate and tuning
     * @param store      where the rendition goes
     */
    public OpusEncoder(AnalysisProperties analysis, RenditionProperties properties, DerivativeStore store) {
        this.analysis = analysis;
        this.properties = properties;
        this.store = store;
        this.processes = new Semaphore(analysis.maxConcurrentAnalyses(), true);
    }

    /** @return whether renditions are made */
    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * The whole stream's target bitrate: the configured bitrate per channel times the channels, but never above the
     * original's own average bitrate (a rendition of an already compressed call, such as a 32 kbit/s MP3, would
     * otherwise be larger than the original), and never below 6 kbit/s per channel (libopus' lowest).
     *
     * @param channels            the original's channels
     * @param originalBitsPerSecond the original's average bitrate (its size over its duration), or 0 if unknown
     * @return the target bitrate in bits per second
     */
    public int bitrate(int channels, long originalBitsPerSecond) {
        return bitrate(properties.bitratePerChannel(), channels, originalBitsPerSecond);
    }

    /**
     * The rule of {@link #bitrate(int, long)} for a given per-channel setting (the benchmark applies it too).
     *
     * @param bitratePerChannel     the configured bits per second per channel
     * @param channels              the original's channels
     * @param originalBitsPerSecond the original's average bitrate, or 0 if unknown
     * @return the target bitrate in bits per second
     */
    public static int bitrate(int bitratePerChannel, int channels, long originalBitsPerSecond) {
        int configured = bitratePerChannel * Math.max(1, channels);
        if (originalBitsPerSecond <= 0) {
            return configured;
        }
        int floor = 6_000 * Math.max(1, channels);
        return (int) Math.max(floor, Math.min(configured, originalBitsPerSecond));
    }

    /**
     * @param channels the original's channels
     * @param bitrate  the target bitrate in bits per second ({@link #bitrate})
     * @return the encoder parameters as applied, for the fact
     */
    public String parameters(int channels, int bitrate) {
        return "libopus b=" + bitrate + " application=" + properties.application()
                + (channels > 2 ? " mapping_family=1" : "");
    }

    /**
     * The ffmpeg command line of the rendition: the original on standard input, Ogg Opus on standard output.
     *
     * @param ffmpeg      the ffmpeg command ({@code callvault.media.ffmpeg})
     * @param channels    the original's channels
     * @param bitrate     the target bitrate in bits per second
     * @param application libopus' tuning ({@code voip}, {@code audio}, {@code lowdelay})
     * @return the command
     */
    public static List<String> command(List<String> ffmpeg, int channels, int bitrate, String application) {
        List<String> command = new ArrayList<>(ffmpeg);
        command.addAll(List.of("-hide_banner", "-nostdin", "-nostats", "-loglevel", "error",
                "-i", "pipe:0", "-map", "0:a:0", "-vn", "-c:a", "libopus", "-b:a", String.valueOf(bitrate),
                "-application", application));
        if (channels > 2) {
            command.addAll(List.of("-mapping_family", "1"));
        }
        command.addAll(List.of("-f", "ogg", "pipe:1"));
        return command;
    }

    /**
     * Encodes and stores the rendition.
     *
     * @param recordingKey the original's key (the rendition goes next to it)
     * @param channels     the original's channels, as decoded
     * @param bitrate      the target bitrate in bits per second ({@link #bitrate})
     * @param sourceSha256 the original's checksum, kept with the rendition
     * @param original     the original's bytes, read once to their end; not closed
     * @return the stored rendition
     * @throws UndecodableAudioException if ffmpeg cannot encode it (nothing is left stored)
     * @throws DerivativeStoreException  if the store failed (may pass; nothing is left stored)
     * @throws IOException               if ffmpeg cannot be started
     * @throws InterruptedException      if interrupted while waiting for a process slot or for ffmpeg
     */
    public StoredRendition encode(String recordingKey, int channels, int bitrate, String sourceSha256,
            InputStream original)
            throws UndecodableAudioException, IOException, InterruptedException {
        List<String> command = command(analysis.ffmpeg(), channels, bitrate, properties.application());
        processes.acquire();
        try (FfmpegProcess ffmpeg = FfmpegProcess.start(command, original, analysis.timeout())) {
            StoredRendition stored;
            try (InputStream ogg = ffmpeg.stdout()) {
                stored = store.putRendition(recordingKey, DerivativeStore.OPUS, ogg, CONTENT_TYPE, sourceSha256);
            } catch (DerivativeStoreException e) {
                ffmpeg.close();
                throw e;
            }
            try {
                ffmpeg.finish(true);
            } catch (UndecodableAudioException | IOException e) {
                store.delete(stored.objectKey());
                throw e;
            }
            return stored;
        } finally {
            processes.release();
        }
    }
}
