package dev.callvault.local.simulator;

import dev.callvault.local.testing.AudioFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A large recording the simulator serves slowly, for fault tests that must act in the middle of a download and upload
 * (the chaos run's {@code kill -9} of the fetch worker). Its size and rate are in the ElevenLabs conversation id, so
 * the simulator needs no extra setting: {@code large-<bytes>-<bytesPerSecond>-<unique>}.
 *
 * <p>Its bytes are the committed ElevenLabs MP3 fixture's audio frames (without its leading {@code Info} frame,
 * {@link Mp3Frames}, so a browser seeks it by bitrate) repeated and cut at {@code bytes}: a stream of valid MP3
 * frames from the first byte (what the fetch worker sniffs), the same for every request, so the test knows the SHA-256
 * the bucket must end up with.
 *
 * @param sizeBytes      length of the recording in bytes
 * @param bytesPerSecond rate the simulator serves it at, in bytes per second
 */
public record LargeRecording(long sizeBytes, long bytesPerSecond) {

    /** The fixture's audio frames without its Info frame ({@link Mp3Frames}), so that a browser can seek by bitrate. */
    private static final byte[] FRAMES = Mp3Frames.withoutInfoFrame(
            AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3));
    private static final Pattern ID = Pattern.compile("large-(\\d{1,12})-(\\d{1,12})-[A-Za-z0-9_]{1,64}");

    /**
     * @throws IllegalArgumentException if a value is not positive
     */
    public LargeRecording {
        if (sizeBytes <= 0 || bytesPerSecond <= 0) {
            throw new IllegalArgumentException("size and rate must be positive");
        }
    }

    /**
     * @param unique letters, digits or underscores that make the id unique
     * @return the ElevenLabs conversation id naming this recording
     */
    public String conversationId(String unique) {
        return "large-" + sizeBytes + "-" + bytesPerSecond + "-" + unique;
    }

    /**
     * @param conversationId an ElevenLabs conversation id
     * @return the large recording it names, or empty for an ordinary id
     */
    public static Optional<LargeRecording> of(String conversationId) {
        Matcher matcher = ID.matcher(conversationId);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LargeRecording(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))));
    }

    /** @return a fresh stream of the recording's bytes, generated as read (memory does not grow with the size) */
    public InputStream open() {
        byte[] fixture = FRAMES;
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position >= sizeBytes ? -1 : fixture[(int) (position++ % fixture.length)] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= sizeBytes) {
                    return -1;
                }
                int start = (int) (position % fixture.length);
                int count = (int) Math.min(Math.min(length, fixture.length - start), sizeBytes - position);
                System.arraycopy(fixture, start, buffer, offset, count);
                position += count;
                return count;
            }
        };
    }

    /** @return the SHA-256 of the recording's bytes, lowercase hex */
    public String sha256() {
        try (InputStream bytes = open()) {
            return AudioFixtures.sha256Hex(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
