package dev.callvault.media.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Measures interleaved signed 16-bit little-endian PCM in one pass, chunk by chunk: waveform peaks
 * ({@link WaveformPeaks}), speech per channel ({@link SpeechDetector} over 10 ms frames), talk-over of two channels,
 * peak level and clipped samples. Memory grows with the duration only by the peaks (2 bytes per channel per
 * {@code samplesPerPixel} sample frames) and one bit per channel per 10 ms; never with the audio itself.
 *
 * <p>Not thread-safe: one decode feeds one analyzer.
 */
public final class PcmAnalyzer {

    private final int channels;
    private final int sampleRateHz;
    private final int samplesPerPixel;
    private final int frameSamples;
    private final SpeechDetector detector;

    private final byte[] carry;
    private int carried;

    private final int[] pixelMin;
    private final int[] pixelMax;
    private int pixelSamples;
    private byte[] peaks = new byte[4096];
    private int peakValues;

    private final double[] frameSumOfSquares;
    private int frameSamplesSeen;
    private int frameIndex;
    private final BitSet[] loud;

    private final int[] peakAbsolute;
    private final long[] clipped;
    private long sampleFrames;

    /**
     * @param channels        interleaved channels, 1 to 255
     * @param sampleRateHz    sample rate in Hz, at least 100
     * @param samplesPerPixel sample frames per min/max pair of the peaks
     * @param detector        the speech rules
     * @throws IllegalArgumentException if a value is out of range
     */
    public PcmAnalyzer(int channels, int sampleRateHz, int samplesPerPixel, SpeechDetector detector) {
        if (channels < 1 || channels > 255 || sampleRateHz < 100 || samplesPerPixel < 1) {
            throw new IllegalArgumentException("unsupported PCM: " + channels + " channels at " + sampleRateHz
                    + " Hz, " + samplesPerPixel + " samples per pixel");
        }
        this.channels = channels;
        this.sampleRateHz = sampleRateHz;
        this.samplesPerPixel = samplesPerPixel;
        this.frameSamples = sampleRateHz * SpeechDetector.FRAME_MS / 1000;
        this.detector = detector;
        this.carry = new byte[channels * 2];
        this.pixelMin = new int[channels];
        this.pixelMax = new int[channels];
        this.frameSumOfSquares = new double[channels];
        this.loud = new BitSet[channels];
        this.peakAbsolute = new int[channels];
        this.clipped = new long[channels];
        for (int channel = 0; channel < channels; channel++) {
            loud[channel] = new BitSet();
        }
        resetPixel();
    }

    /**
     * Feeds the next bytes of the PCM stream; a sample frame may be split across calls.
     *
     * @param buffer bytes
     * @param offset first byte
     * @param length bytes to read
     */
    public void accept(byte[] buffer, int offset, int length) {
        int position = offset;
        int end = offset + length;
        int frameBytes = channels * 2;
        if (carried > 0) {
            int take = Math.min(frameBytes - carried, length);
            System.arraycopy(buffer, position, carry, carried, take);
            carried += take;
            position += take;
            if (carried < frameBytes) {
                return;
            }
            sampleFrame(carry, 0);
            carried = 0;
        }
        while (end - position >= frameBytes) {
            sampleFrame(buffer, position);
            position += frameBytes;
        }
        if (position < end) {
            carried = end - position;
            System.arraycopy(buffer, position, carry, 0, carried);
        }
    }

    private void sampleFrame(byte[] buffer, int position) {
        for (int channel = 0; channel < channels; channel++) {
            int index = position + channel * 2;
            int sample = (short) ((buffer[index] & 0xff) | (buffer[index + 1] << 8));
            if (sample < pixelMin[channel]) {
                pixelMin[channel] = sample;
            }
            if (sample > pixelMax[channel]) {
                pixelMax[channel] = sample;
            }
            frameSumOfSquares[channel] += (double) sample * sample;
            int absolute = Math.abs(sample);
            if (absolute > peakAbsolute[channel]) {
                peakAbsolute[channel] = absolute;
            }
            if (sample == Short.MAX_VALUE || sample == Short.MIN_VALUE) {
                clipped[channel]++;
            }
        }
        sampleFrames++;
        if (++pixelSamples == samplesPerPixel) {
            emitPixel();
        }
        if (++frameSamplesSeen == frameSamples) {
            closeFrame();
        }
    }

    private void emitPixel() {
        if (peakValues + channels * 2 > peaks.length) {
            peaks = Arrays.copyOf(peaks, peaks.length * 2);
        }
        for (int channel = 0; channel < channels; channel++) {
            peaks[peakValues++] = (byte) (pixelMin[channel] >> 8);
            peaks[peakValues++] = (byte) (pixelMax[channel] >> 8);
        }
        resetPixel();
    }

    private void resetPixel() {
        Arrays.fill(pixelMin, Integer.MAX_VALUE);
        Arrays.fill(pixelMax, Integer.MIN_VALUE);
        pixelSamples = 0;
    }

    private void closeFrame() {
        for (int channel = 0; channel < channels; channel++) {
            if (detector.isLoud(frameSumOfSquares[channel], frameSamplesSeen)) {
                loud[channel].set(frameIndex);
            }
            frameSumOfSquares[channel] = 0;
        }
        frameIndex++;
        frameSamplesSeen = 0;
    }

    /**
     * Ends the stream: the last partial pixel and frame count as whole ones; a partial sample frame at the very end
     * (a truncated stream) is dropped.
     *
     * @return the measurements; loudness is {@code null} (ffmpeg measures it)
     */
    public RecordingAnalysis finish() {
        if (pixelSamples > 0) {
            emitPixel();
        }
        int lastFrameSamples = frameSamplesSeen > 0 ? frameSamplesSeen : frameSamples;
        if (frameSamplesSeen > 0) {
            closeFrame();
        }
        int frames = frameIndex;
        long durationMs = sampleFrames * 1000 / sampleRateHz;
        List<ChannelMeasurement> perChannel = new ArrayList<>(channels);
        BitSet[] speech = new BitSet[channels];
        for (int channel = 0; channel < channels; channel++) {
            speech[channel] = detector.speech(loud[channel], frames);
            long speechMs = millis(speech[channel], frames, lastFrameSamples);
            double ratio = durationMs == 0 ? 0.0 : Math.min(1.0, speechMs / (double) durationMs);
            double peakDbfs = peakAbsolute[channel] == 0 ? -96.3
                    : 20 * Math.log10(peakAbsolute[channel] / SpeechDetector.FULL_SCALE);
            perChannel.add(new ChannelMeasurement(channel, speechMs, ratio, Math.min(0.0, peakDbfs),
                    clipped[channel]));
        }
        Long talkOverMs = null;
        if (channels == 2) {
            BitSet both = (BitSet) speech[0].clone();
            both.and(speech[1]);
            talkOverMs = millis(both, frames, lastFrameSamples);
        }
        int length = peakValues / (channels * 2);
        WaveformPeaks waveform = new WaveformPeaks(channels, sampleRateHz, samplesPerPixel, length,
                Arrays.copyOf(peaks, peakValues));
        return new RecordingAnalysis(durationMs, channels, sampleRateHz, null, talkOverMs, perChannel, waveform);
    }

    private long millis(BitSet frames, int frameCount, int lastFrameSamples) {
        long samples = (long) frames.cardinality() * frameSamples;
        if (frameCount > 0 && frames.get(frameCount - 1)) {
            samples += lastFrameSamples - frameSamples;
        }
        return samples * 1000 / sampleRateHz;
    }
}
