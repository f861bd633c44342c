package dev.callvault.media.analysis;

import java.util.List;

/**
 * Everything one decode of a recording measured.
 *
 * @param durationMs   decoded sample frames over the sample rate, in milliseconds
 * @param channels     decoded channels
 * @param sampleRateHz decoded sample rate in Hz
 * @param loudnessLufs integrated loudness over all channels in LUFS (EBU R 128 / ITU-R BS.1770-4, ffmpeg's
 *                     {@code ebur128} filter); {@code null} if ffmpeg reported none
 * @param talkOverMs   two channels: milliseconds in which both carry speech; {@code null} otherwise
 * @param perChannel   one measurement per channel, in channel order
 * @param peaks        the waveform peaks
 */
public record RecordingAnalysis(long durationMs, int channels, int sampleRateHz, Double loudnessLufs,
        Long talkOverMs, List<ChannelMeasurement> perChannel, WaveformPeaks peaks) {

    /** Copies {@code perChannel}. */
    public RecordingAnalysis {
        perChannel = List.copyOf(perChannel);
    }

    /**
     * @param lufs the integrated loudness ffmpeg reported
     * @return this analysis with that loudness
     */
    RecordingAnalysis withLoudness(Double lufs) {
        return new RecordingAnalysis(durationMs, channels, sampleRateHz, lufs, talkOverMs, perChannel, peaks);
    }
}
