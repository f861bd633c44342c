package dev.callvault.media.analysis;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Waveform peaks in BBC audiowaveform's data format, version 2, 8-bit (audiowaveform's {@code doc/DataFormat.md},
 * "JSON data format"): for every {@code samplesPerPixel} sample frames of the audio, the minimum and the maximum sample
 * of each channel, each as a signed 8-bit value (-128 to 127, the 16-bit sample divided by 256). The format that
 * peaks.js and waveform-data.js ({@code WaveformData.create}) read directly.
 *
 * <p>The JSON object is {@code {"version":2,"channels":C,"sample_rate":R,"samples_per_pixel":S,"bits":8,
 * "length":L,"data":[...]}}, where {@code length} is the number of min/max pairs per channel and {@code data} holds
 * {@code L * C * 2} values in the order index, channel, then minimum before maximum.
 *
 * @param channels        channels, at least 1
 * @param sampleRateHz    sample rate of the audio in Hz
 * @param samplesPerPixel sample frames per min/max pair
 * @param length          min/max pairs per channel
 * @param data            {@code length * channels * 2} values, in the order above
 */
public record WaveformPeaks(int channels, int sampleRateHz, int samplesPerPixel, int length, byte[] data) {

    /** The format version written. */
    public static final int VERSION = 2;

    /** Media type of the JSON form. */
    public static final String CONTENT_TYPE = "application/json";

    /**
     * @throws IllegalArgumentException if {@code data} does not hold {@code length * channels * 2} values
     */
    public WaveformPeaks {
        if (channels < 1 || sampleRateHz < 1 || samplesPerPixel < 1 || length < 0
                || data.length != (long) length * channels * 2) {
            throw new IllegalArgumentException("peaks of " + channels + " channels and " + length
                    + " pairs need " + (long) length * channels * 2 + " values, not " + data.length);
        }
    }

    /**
     * Returns the minimum of one channel at one index.
     *
     * @param index   pair index, from 0
     * @param channel channel, from 0
     * @return the 8-bit minimum
     */
    public int min(int index, int channel) {
        return data[(index * channels + channel) * 2];
    }

    /**
     * Returns the maximum of one channel at one index.
     *
     * @param index   pair index, from 0
     * @param channel channel, from 0
     * @return the 8-bit maximum
     */
    public int max(int index, int channel) {
        return data[(index * channels + channel) * 2 + 1];
    }

    /**
     * Writes the JSON form, streaming (nothing but a small buffer is held); does not close {@code out}.
     *
     * @param out where to write UTF-8 JSON
     * @throws IOException if writing fails
     */
    public void writeJson(OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        writer.write("{\"version\":" + VERSION + ",\"channels\":" + channels + ",\"sample_rate\":" + sampleRateHz
                + ",\"samples_per_pixel\":" + samplesPerPixel + ",\"bits\":8,\"length\":" + length + ",\"data\":[");
        for (int i = 0; i < data.length; i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(Integer.toString(data[i]));
        }
        writer.write("]}");
        writer.flush();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WaveformPeaks peaks && channels == peaks.channels
                && sampleRateHz == peaks.sampleRateHz && samplesPerPixel == peaks.samplesPerPixel
                && length == peaks.length && Arrays.equals(data, peaks.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + length;
    }

    @Override
    public String toString() {
        return "WaveformPeaks[channels=" + channels + ", sampleRateHz=" + sampleRateHz + ", samplesPerPixel="
                + samplesPerPixel + ", length=" + length + "]";
    }
}
