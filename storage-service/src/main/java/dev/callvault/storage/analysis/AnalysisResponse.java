package dev.callvault.storage.analysis;

import dev.callvault.events.AnalysisOutcome;
import java.time.Instant;
import java.util.List;

/**
 * The {@code analysis} object of a catalog entry ({@code GET /v1/recordings/{recordingId}}): what media-worker
 * measured on the entry's object ({@code docs/architecture.md}, "storage-service").
 *
 * @param outcome              {@code ANALYZED}, or {@code FAILED} when the audio could not be decoded
 * @param failureReason        why it could not be decoded; {@code null} when analysed
 * @param durationMs           measured duration in milliseconds
 * @param channels             decoded channels
 * @param sampleRateHz         decoded sample rate in Hz
 * @param loudnessLufs         integrated loudness in LUFS (EBU R 128)
 * @param talkOverMs           two channels: milliseconds in which both speak; {@code null} otherwise
 * @param perChannel           one entry per channel
 * @param peaksSamplesPerPixel sample frames per min/max pair of the waveform peaks (playback-service serves them)
 * @param peaksSizeBytes       size of the peaks in bytes
 * @param analyzerVersion      version of media-worker's analysis rules
 * @param sourceSha256         SHA-256 of the object analysed (the entry's {@code sha256})
 * @param analyzedAt           when the analysis finished
 */
public record AnalysisResponse(AnalysisOutcome outcome, String failureReason, Long durationMs, Integer channels,
        Integer sampleRateHz, Double loudnessLufs, Long talkOverMs, List<ChannelEntry> perChannel,
        Integer peaksSamplesPerPixel, Long peaksSizeBytes, String analyzerVersion, String sourceSha256,
        Instant analyzedAt) {
}
