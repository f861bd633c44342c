package dev.callvault.media.analysis;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The header of the WAV stream ffmpeg writes to a pipe: the RIFF {@code WAVE} form with a {@code fmt } chunk of
 * 16-bit PCM and a {@code data} chunk whose size is unknown when piped, so the samples run to the end of the stream
 * (Microsoft/IBM "Multimedia Programming Interface and Data Specifications 1.0", 1991, "WAVE Form"). Chunks other
 * than {@code fmt } before {@code data} (such as {@code LIST}) are skipped.
 *
 * @param channels     interleaved channels
 * @param sampleRateHz samples per second per channel
 */
record WavHeader(int channels, int sampleRateHz) {

    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final int MAX_CHUNKS = 32;

    /**
     * Reads the header and leaves {@code in} at the first sample byte.
     *
     * @param in the stream, from its start
     * @return the header
     * @throws IOException if the stream is no 16-bit PCM WAV or ends inside the header
     */
    static WavHeader read(InputStream in) throws IOException {
        byte[] riff = in.readNBytes(12);
        if (riff.length < 12 || !ascii(riff, 0, "RIFF") || !ascii(riff, 8, "WAVE")) {
            throw new IOException("no WAV stream (" + riff.length + " bytes)");
        }
        Integer channels = null;
        Integer sampleRate = null;
        for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                throw new EOFException("WAV stream ends before its data chunk");
            }
            long size = littleEndian(header, 4, 4);
            if (ascii(header, 0, "data")) {
                if (channels == null) {
                    throw new IOException("WAV data chunk before its fmt chunk");
                }
                return new WavHeader(channels, sampleRate);
            }
            if (ascii(header, 0, "fmt ")) {
                byte[] format = in.readNBytes((int) Math.min(size, 64));
                in.skipNBytes(size - format.length + (size & 1));
                int tag = (int) littleEndian(format, 0, 2);
                int bits = (int) littleEndian(format, 14, 2);
                if ((tag != PCM && tag != EXTENSIBLE) || bits != 16) {
                    throw new IOException("WAV stream is not 16-bit PCM (format " + tag + ", " + bits + " bits)");
                }
                channels = (int) littleEndian(format, 2, 2);
                sampleRate = (int) littleEndian(format, 4, 4);
            } else {
                in.skipNBytes(size + (size & 1));
            }
        }
        throw new IOException("WAV stream has no data chunk in its first " + MAX_CHUNKS + " chunks");
    }

    private static boolean ascii(byte[] bytes, int offset, String expected) {
        for (int i = 0; i < expected.length(); i++) {
            if (bytes[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long littleEndian(byte[] bytes, int offset, int length) throws IOException {
        if (bytes.length < offset + length) {
            throw new EOFException("WAV header is truncated");
        }
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
