package dev.callvault.system;

import dev.callvault.local.simulator.Mp3Frames;
import dev.callvault.local.testing.AudioFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A long constant-bitrate MP3 for a browser to seek in: the Twilio speech fixture repeated, with the fixture's leading
 * Xing/LAME {@code Info} frame dropped from every copy.
 *
 * <p>Why not {@link AudioFixtures#writeLargeMp3}: that file starts with the fixture's {@code Info} frame, whose frame
 * count, byte count and seek table describe only the first 8 seconds. Chromium's FFmpeg demuxer then takes the
 * duration from the bitrate (hours) but seeks through the 8-second table, into the first copy: the page reports the
 * seek as done while no byte of the middle was ever requested. Without the {@code Info} frame FFmpeg seeks a CBR
 * stream by bitrate, i.e. to the byte offset {@code seconds * bytesPerSecond}, and Chromium asks for it with a new
 * {@code Range} request. The frames are read by {@link Mp3Frames} (the simulator's large recordings do the same).
 */
final class LongMp3 {

    private LongMp3() {
    }

    /**
     * What was written.
     *
     * @param sizeBytes      the file's size in bytes
     * @param bytesPerSecond the constant bitrate of the stream, in bytes per second of audio
     */
    record Written(long sizeBytes, int bytesPerSecond) {

        /** @return the playing time the bitrate gives the whole file, in seconds */
        double durationSeconds() {
            return (double) sizeBytes / bytesPerSecond;
        }
    }

    /**
     * Writes copies of {@link AudioFixtures#TWILIO_DUAL_CHANNEL_MP3} without its {@code Info} frame until at least
     * {@code minBytes} are written, streaming (one copy of the 33 KB fixture in memory).
     *
     * @param target   the file to create or replace
     * @param minBytes the least size in bytes
     * @return the size and bitrate of the file
     * @throws IllegalArgumentException if the fixture does not start with a Layer III frame holding an {@code Info} or
     *                               {@code Xing} tag
     * @throws UncheckedIOException  if the file cannot be written
     */
    static Written write(Path target, long minBytes) {
        byte[] fixture = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        Mp3Frames.Frame first = Mp3Frames.Frame.parse(fixture);
        byte[] audio = Mp3Frames.withoutInfoFrame(fixture);
        long written = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            while (written < minBytes) {
                out.write(audio);
                written += audio.length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(written, first.bitsPerSecond() / 8);
    }
}
