package dev.callvault.system;

import dev.callvault.local.testing.AudioFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A long constant-bitrate MP3 for a browser to seek in: the Twilio speech fixture repeated, with the fixture's leading
 * Xing/LAME {@code Info} frame dropped from every copy.
 *
 * <p>Why not {@link AudioFixtures#writeLargeMp3}: that file starts with the fixture's {@code Info} frame, whose frame
 * count, byte count and seek table describe only the first 8 seconds. Chromium's FFmpeg demuxer then takes the
 * duration from the bitrate (hours) but seeks through the 8-second table, into the first copy: the page reports the
 * seek as done while no byte of the middle was ever requested. Without the {@code Info} frame FFmpeg seeks a CBR
 * stream by bitrate, i.e. to the byte offset {@code seconds * bytesPerSecond}, and Chromium asks for it with a new
 * {@code Range} request. The frame layout used here is ISO/IEC 11172-3 section 2.4.2.3 and ISO/IEC 13818-3 (Layer III,
 * MPEG-1, MPEG-2 and the MPEG-2.5 extension); the tag is LAME's "Xing"/"Info" header
 * (https://wiki.hydrogenaud.io/index.php?title=LAME#VBR_header_and_LAME_tag).
 */
final class LongMp3 {

    private static final int[] MPEG1_LAYER3_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] MPEG2_LAYER3_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[] MPEG1_HZ = {44100, 48000, 32000};

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
     * @throws IllegalStateException if the fixture does not start with a Layer III frame holding an {@code Info} or
     *                               {@code Xing} tag
     * @throws UncheckedIOException  if the file cannot be written
     */
    static Written write(Path target, long minBytes) {
        byte[] fixture = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        Frame first = Frame.parse(fixture);
        String firstFrame = new String(fixture, 0, first.lengthBytes(), StandardCharsets.ISO_8859_1);
        if (!firstFrame.contains("Info") && !firstFrame.contains("Xing")) {
            throw new IllegalStateException("the MP3 fixture's first frame holds no Info/Xing tag");
        }
        byte[] audio = Arrays.copyOfRange(fixture, first.lengthBytes(), fixture.length);
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

    /** The header of one MPEG audio Layer III frame. */
    private record Frame(int bitsPerSecond, int sampleRateHz, boolean mpeg1, boolean padded) {

        static Frame parse(byte[] bytes) {
            int header = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8)
                    | (bytes[3] & 0xff);
            boolean sync = (header >>> 21) == 0x7ff;
            int version = (header >>> 19) & 0b11; // 00 MPEG-2.5, 10 MPEG-2, 11 MPEG-1
            int layer = (header >>> 17) & 0b11; // 01 Layer III
            int bitrateIndex = (header >>> 12) & 0xf;
            int sampleRateIndex = (header >>> 10) & 0b11;
            if (!sync || version == 0b01 || layer != 0b01 || bitrateIndex == 0 || bitrateIndex == 0xf
                    || sampleRateIndex == 0b11) {
                throw new IllegalStateException("the MP3 fixture does not start with a Layer III frame header");
            }
            boolean mpeg1 = version == 0b11;
            int kbps = (mpeg1 ? MPEG1_LAYER3_KBPS : MPEG2_LAYER3_KBPS)[bitrateIndex];
            int hz = MPEG1_HZ[sampleRateIndex] / (mpeg1 ? 1 : version == 0b10 ? 2 : 4);
            return new Frame(kbps * 1000, hz, mpeg1, ((header >>> 9) & 1) == 1);
        }

        /** Layer III: 144 (MPEG-1) or 72 (MPEG-2, 2.5) times bitrate over sample rate, plus the padding byte. */
        int lengthBytes() {
            return (mpeg1 ? 144 : 72) * bitsPerSecond / sampleRateHz + (padded ? 1 : 0);
        }
    }
}
