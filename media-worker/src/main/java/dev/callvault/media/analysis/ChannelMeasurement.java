package dev.callvault.media.analysis;

/**
 * What was measured on one decoded channel.
 *
 * @param channel        index from 0 in the decoded order
 * @param speechMs       milliseconds classified as speech ({@link SpeechDetector})
 * @param speechRatio    {@code speechMs} over the duration, 0.0 to 1.0
 * @param peakDbfs       largest absolute sample in dB relative to full scale (0.0 at full scale, -96.3 for a
 *                       channel of zeros)
 * @param clippedSamples samples at 16-bit full scale (-32768 or 32767)
 */
public record ChannelMeasurement(int channel, long speechMs, double speechRatio, double peakDbfs,
        long clippedSamples) {
}
