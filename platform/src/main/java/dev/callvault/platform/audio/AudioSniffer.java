package dev.callvault.platform.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises audio by its first bytes (magic numbers), so that an HTML error page or a JSON body served with status
 * 200 is never stored as a recording.
 *
 * <p>Signatures: ID3v2 tag {@code "ID3"} with version and revision bytes below {@code 0xFF} (id3.org, "ID3 tag
 * version 2.4.0 - Main Structure", section 3.1); MPEG audio frame header with the 11-bit frame sync and no reserved
 * version, layer, bitrate or sampling-rate values (ISO/IEC 11172-3 section 2.4.2.3); {@code "RIFF"} then
 * {@code "WAVE"} at offset 8 (Microsoft RIFF, WAVE form); {@code "OggS"} (RFC 3533 section 6); {@code "fLaC"} (RFC
 * 9639 section 6); {@code "ftyp"} at offset 4 (ISO/IEC 14496-12 section 4.3, MP4/M4A); an ADTS header with its
 * 12-bit sync word, layer {@code 00} and a valid sampling-frequency index (ISO/IEC 13818-7 section 6.2, raw AAC).
 */
public final class AudioSniffer {

    /** Bytes needed to recognise every supported format. */
    public static final int HEAD_BYTES = 12;

    private AudioSniffer() {
    }

    /**
     * Recognises a format from the first bytes of a body.
     *
     * @param head   the first bytes (at least {@link #HEAD_BYTES} unless the body is shorter)
     * @param length how many bytes of {@code head} are valid
     * @return the format, or empty if the bytes are not audio we accept
     */
    public static Optional<AudioFormat> detect(byte[] head, int length) {
        if (startsWith(head, length, 0, "ID3") && length >= 5 && (head[3] & 0xFF) != 0xFF
                && (head[4] & 0xFF) != 0xFF) {
            return Optional.of(AudioFormat.MP3);
        }
        if (isMpegAudioFrameHeader(head, length)) {
            return Optional.of(AudioFormat.MP3);
        }
        if (startsWith(head, length, 0, "RIFF") && startsWith(head, length, 8, "WAVE")) {
            return Optional.of(AudioFormat.WAV);
        }
        if (startsWith(head, length, 0, "OggS")) {
            return Optional.of(AudioFormat.OGG);
        }
        if (startsWith(head, length, 0, "fLaC")) {
            return Optional.of(AudioFormat.FLAC);
        }
        if (startsWith(head, length, 4, "ftyp")) {
            return Optional.of(AudioFormat.M4A);
        }
        if (isAdtsHeader(head, length)) {
            return Optional.of(AudioFormat.AAC);
        }
        return Optional.empty();
    }

    /**
     * Reads the first bytes of a stream and recognises its format, without consuming them: the returned stream
     * yields the whole body, head included. Blocks until {@link #HEAD_BYTES} bytes arrived or the body ended.
     *
     * @param body the body, not yet read
     * @return the format (empty if not audio) and the stream to read the whole body from
     * @throws IOException if reading the head fails
     */
    public static Sniffed sniff(InputStream body) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(body, HEAD_BYTES);
        byte[] head = pushback.readNBytes(HEAD_BYTES);
        pushback.unread(head);
        return new Sniffed(detect(head, head.length), pushback);
    }

    private static boolean isMpegAudioFrameHeader(byte[] head, int length) {
        if (length < 4 || (head[0] & 0xFF) != 0xFF || (head[1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (head[1] >> 3) & 0x03;
        int layer = (head[1] >> 1) & 0x03;
        int bitrateIndex = (head[2] >> 4) & 0x0F;
        int samplingRateIndex = (head[2] >> 2) & 0x03;
        return version != 0x01 && layer != 0x00 && bitrateIndex != 0x0F && samplingRateIndex != 0x03;
    }

    private static boolean isAdtsHeader(byte[] head, int length) {
        if (length < 4 || (head[0] & 0xFF) != 0xFF || (head[1] & 0xF6) != 0xF0) {
            return false;
        }
        int samplingFrequencyIndex = (head[2] >> 2) & 0x0F;
        return samplingFrequencyIndex <= 12;
    }

    private static boolean startsWith(byte[] head, int length, int offset, String ascii) {
        byte[] expected = ascii.getBytes(StandardCharsets.US_ASCII);
        if (length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (head[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A body whose head has been looked at.
     *
     * @param format the recognised format, empty if the body is not audio
     * @param body   the whole body, head included
     */
    public record Sniffed(Optional<AudioFormat> format, InputStream body) {
    }
}
