package dev.callvault.storage.analysis;

/**
 * One channel's measurements, as kept in {@code recording_analysis.per_channel} (JSON) and shown in the catalog.
 *
 * @param channel        index from 0 in the decoded order (Twilio dual-channel: 0 = caller, 1 = agent)
 * @param speechMs       milliseconds of speech
 * @param speechRatio    speech over the duration, 0.0 to 1.0
 * @param silenceRatio   1 - {@code speechRatio}
 * @param peakDbfs       largest sample in dBFS (0.0 = full scale)
 * @param clippedSamples samples at full scale
 */
public record ChannelEntry(int channel, long speechMs, double speechRatio, double silenceRatio, double peakDbfs,
        long clippedSamples) {
}
