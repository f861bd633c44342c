package dev.callvault.media.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running ffmpeg whose standard input is fed from a source stream and whose standard output the caller reads:
 * a virtual thread copies the source in 64 KiB chunks, one keeps the last 8 KiB of ffmpeg's messages (so ffmpeg
 * never blocks on them), and one kills ffmpeg when the timeout passes. {@link #finish} tells a failure of the source
 * (the store's, worth retrying) from one of the audio (ffmpeg's exit status).
 */
public final class FfmpegProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FfmpegProcess.class);
    private static final int CHUNK = 64 * 1024;
    private static final int MESSAGES_KEPT = 8 * 1024;

    private final Process process;
    private final Duration timeout;
    private final AtomicReference<IOException> sourceFailure = new AtomicReference<>();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private final MessageTail messages = new MessageTail(MESSAGES_KEPT);
    private final Thread feeder;
    private final Thread drainer;
    private final Thread watchdog;

    private FfmpegProcess(Process process, InputStream source, Duration timeout) {
        this.process = process;
        this.timeout = timeout;
        this.feeder = Thread.ofVirtual().name("ffmpeg-stdin").start(() -> feed(source));
        this.drainer = Thread.ofVirtual().name("ffmpeg-stderr").start(() -> messages.drain(process.getErrorStream()));
        this.watchdog = Thread.ofVirtual().name("ffmpeg-timeout").start(this::watch);
    }

    /**
     * Starts ffmpeg.
     *
     * @param command the whole command line, e.g. {@code ffmpeg -i pipe:0 ... pipe:1}
     * @param source  what to write to its standard input, read once to its end; not closed
     * @param timeout longest run before it is killed
     * @return the running process
     * @throws IOException if it cannot be started
     */
    public static FfmpegProcess start(List<String> command, InputStream source, Duration timeout) throws IOException {
        return new FfmpegProcess(new ProcessBuilder(command).start(), source, timeout);
    }

    /** @return ffmpeg's standard output */
    public InputStream stdout() {
        return process.getInputStream();
    }

    /**
     * Waits for ffmpeg to end and judges how it went.
     *
     * @param outputComplete whether the caller read the whole output it needed; {@code false} kills ffmpeg first
     * @return ffmpeg's messages, the last 8 KiB
     * @throws SourceReadException       if reading the source failed (the store's failure)
     * @throws UndecodableAudioException if ffmpeg failed or ran out of time
     * @throws InterruptedException      if interrupted while waiting
     */
    public String finish(boolean outputComplete)
            throws SourceReadException, UndecodableAudioException, InterruptedException {
        if (!outputComplete) {
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
            throw new UndecodableAudioException("ffmpeg took longer than " + timeout);
        }
        if (exit != 0 || !outputComplete) {
            throw new UndecodableAudioException("ffmpeg cannot decode the recording: "
                    + messages.lastLine().orElse("ffmpeg exited with " + exit));
        }
        return messages.text();
    }

    /** Kills ffmpeg if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void feed(InputStream source) {
        try (OutputStream stdin = process.getOutputStream()) {
            byte[] buffer = new byte[CHUNK];
            while (true) {
                int read;
                try {
                    read = source.read(buffer);
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

    private void watch() {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut.set(true);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            // finish() is done waiting: nothing to watch
        }
    }

    /** The last bytes of ffmpeg's standard error, drained to its end. */
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
