package dev.callvault.storage.analysis;

import dev.callvault.events.AnalysisOutcome;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A recording's latest analysis (table {@code recording_analysis}), written from {@code RecordingAnalyzed}.
 */
@Entity
@Table(name = "recording_analysis")
public class RecordingAnalysisEntry {

    @Id
    @Column(name = "recording_id")
    private UUID recordingId;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Column(name = "event_id", nullable = false)
    private UUID eventId;

    @Column(name = "source_sha256", nullable = false)
    private String sourceSha256;

    @Column(name = "analyzer_version", nullable = false)
    private String analyzerVersion;

    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", nullable = false)
    private AnalysisOutcome outcome;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(name = "duration_ms")
    private Long durationMs;

    @Column(name = "channels")
    private Integer channels;

    @Column(name = "sample_rate_hz")
    private Integer sampleRateHz;

    @Column(name = "loudness_lufs")
    private Double loudnessLufs;

    @Column(name = "talk_over_ms")
    private Long talkOverMs;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "per_channel", nullable = false)
    private List<ChannelEntry> perChannel = List.of();

    @Column(name = "max_silence_ratio")
    private Double maxSilenceRatio;

    @Column(name = "peaks_object_key")
    private String peaksObjectKey;

    @Column(name = "peaks_samples_per_pixel")
    private Integer peaksSamplesPerPixel;

    @Column(name = "peaks_size_bytes")
    private Long peaksSizeBytes;

    @Column(name = "analyzed_at", nullable = false)
    private Instant analyzedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RecordingAnalysisEntry() {
    }

    RecordingAnalysisEntry(UUID recordingId, String tenantId) {
        this.recordingId = recordingId;
        this.tenantId = tenantId;
    }

    void apply(dev.callvault.events.RecordingAnalyzed event, Instant now) {
        eventId = event.getEventId();
        sourceSha256 = event.getSourceSha256();
        analyzerVersion = event.getAnalyzerVersion();
        outcome = event.getOutcome();
        failureReason = event.getFailureReason();
        durationMs = event.getDurationMs();
        channels = event.getChannels();
        sampleRateHz = event.getSampleRateHz();
        loudnessLufs = event.getLoudnessLufs();
        talkOverMs = event.getTalkOverMs();
        perChannel = event.getPerChannel().stream().map(channel -> new ChannelEntry(channel.getChannel(),
                channel.getSpeechMs(), channel.getSpeechRatio(), Math.max(0.0, 1.0 - channel.getSpeechRatio()),
                channel.getPeakDbfs(), channel.getClippedSamples())).toList();
        maxSilenceRatio = perChannel.stream().mapToDouble(ChannelEntry::silenceRatio).max().stream().boxed()
                .findFirst().orElse(null);
        peaksObjectKey = event.getPeaksObjectKey();
        peaksSamplesPerPixel = event.getPeaksSamplesPerPixel();
        peaksSizeBytes = event.getPeaksSizeBytes();
        analyzedAt = event.getOccurredAt();
        updatedAt = now;
    }

    /** @return the recording */
    public UUID getRecordingId() {
        return recordingId;
    }

    /** @return its tenant */
    public String getTenantId() {
        return tenantId;
    }

    /** @return the checksum of the object that was analysed */
    public String getSourceSha256() {
        return sourceSha256;
    }

    /** @return the analysis' JSON in the catalog */
    public AnalysisResponse toResponse() {
        return new AnalysisResponse(outcome, failureReason, durationMs, channels, sampleRateHz, loudnessLufs,
                talkOverMs, perChannel, peaksSamplesPerPixel, peaksSizeBytes, analyzerVersion, sourceSha256,
                analyzedAt);
    }
}
