package dev.callvault.local.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * MPEG audio Layer III frames of the committed fixtures, for long recordings a browser can seek in: the fixture
 * without its leading LAME/Xing {@code Info} frame, whose frame count, byte count and seek table describe only the
 * fixture's few seconds. Repeated with that frame, a file reports hours by its bitrate but Chromium's FFmpeg demuxer
 * seeks through the few-second table, into the first copy, and never asks for the middle; without it FFmpeg seeks a
 * constant-bitrate stream by bitrate, to byte {@code seconds * bytesPerSecond}, with a new {@code Range} request.
 * Frame layout: ISO/IEC 11172-3 section 2.4.2.3 and ISO/IEC 13818-3 (MPEG-1, MPEG-2 and the MPEG-2.5 extension); the
 * tag: LAME's "Xing"/"Info" header (https://wiki.hydrogenaud.io/index.php?title=LAME#VBR_header_and_LAME_tag).
 */
public final class Mp3Frames {

    private static final int[] MPEG1_LAYER3_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] MPEG2_LAYER3_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[] MPEG1_HZ = {44100, 48000, 32000};

    private Mp3Frames() {
    }

    /**
     * The header of one Layer III frame.
     *
     * @param bitsPerSecond the frame's bitrate, in bits per second
     * @param sampleRateHz  its sample rate, in Hz
     * @param mpeg1         MPEG-1 (else MPEG-2 or 2.5)
     * @param padded        whether the frame carries the padding byte
     */
    public record Frame(int bitsPerSecond, int sampleRateHz, boolean mpeg1, boolean padded) {

        /**
         * @param bytes bytes starting with a frame header
         * @return the header
         * @throws IllegalArgumentException if they do not start with a Layer III frame header
         */
        public static Frame parse(byte[] bytes) {
            if (bytes.length < 4) {
                throw new IllegalArgumentException("fewer than 4 bytes: no MPEG audio frame header");
            }
            int header = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8)
                    | (bytes[3] & 0xff);
            boolean sync = (header >>> 21) == 0x7ff;
            int version = (header >>> 19) & 0b11; // 00 MPEG-2.5, 10 MPEG-2, 11 MPEG-1
            int layer = (header >>> 17) & 0b11; // 01 Layer III
            int bitrateIndex = (header >>> 12) & 0xf;
            int sampleRateIndex = (header >>> 10) & 0b11;
            if (!sync || version == 0b01 || layer != 0b01 || bitrateIndex == 0 || bitrateIndex == 0xf
                    || sampleRateIndex == 0b11) {
                throw new IllegalArgumentException("the bytes do not start with a Layer III frame header");
            }
            boolean mpeg1 = version == 0b11;
            int kbps = (mpeg1 ? MPEG1_LAYER3_KBPS : MPEG2_LAYER3_KBPS)[bitrateIndex];
            int hz = MPEG1_HZ[sampleRateIndex] / (mpeg1 ? 1 : version == 0b10 ? 2 : 4);
            return new Frame(kbps * 1000, hz, mpeg1, ((header >>> 9) & 1) == 1);
        }

        /** @return Layer III: 144 (MPEG-1) or 72 (MPEG-2, 2.5) times bitrate over sample rate, plus the padding byte */
        public int lengthBytes() {
            return (mpeg1 ? 144 : 72) * bitsPerSecond / sampleRateHz + (padded ? 1 : 0);
        }
    }

    /**
     * @param mp3 an MP3 that starts with a Layer III frame holding an {@code Info} or {@code Xing} tag
     * @return its audio frames: the bytes after that first frame
     * @throws IllegalArgumentException if the first frame is not a Layer III frame with such a tag
     */
    public static byte[] withoutInfoFrame(byte[] mp3) {
        Frame first = Frame.parse(mp3);
        String firstFrame = new String(mp3, 0, Math.min(first.lengthBytes(), mp3.length), StandardCharsets.ISO_8859_1);
        if (!firstFrame.contains("Info") && !firstFrame.contains("Xing")) {
            throw new IllegalArgumentException("the MP3's first frame holds no Info/Xing tag");
        }
        return Arrays.copyOfRange(mp3, first.lengthBytes(), mp3.length);
    }
}
