package dev.callvault.storage.analysis;

import dev.callvault.events.RecordingDerived;
import dev.callvault.events.Rendition;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A recording's latest rendition of one kind (table {@code recording_rendition}), written from
 * {@code RecordingDerived}.
 */
@Entity
@Table(name = "recording_rendition")
public class RecordingRenditionEntry {

    /**
     * The key: recording and rendition.
     *
     * @param recordingId the recording
     * @param rendition   which rendition
     */
    @Embeddable
    public record Key(@Column(name = "recording_id") UUID recordingId,
            @Enumerated(EnumType.STRING) @Column(name = "rendition") Rendition rendition) implements Serializable {
    }

    @EmbeddedId
    private Key key;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Column(name = "event_id", nullable = false)
    private UUID eventId;

    @Column(name = "source_sha256", nullable = false)
    private String sourceSha256;

    @Column(name = "object_key", nullable = false)
    private String objectKey;

    @Column(name = "sha256", nullable = false)
    private String sha256;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "content_type", nullable = false)
    private String contentType;

    @Column(name = "codec", nullable = false)
    private String codec;

    @Column(name = "bitrate_bps", nullable = false)
    private int bitrateBps;

    @Column(name = "channels", nullable = false)
    private int channels;

    @Column(name = "parameters", nullable = false)
    private String parameters;

    @Column(name = "derived_at", nullable = false)
    private Instant derivedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RecordingRenditionEntry() {
    }

    RecordingRenditionEntry(Key key, String tenantId) {
        this.key = key;
        this.tenantId = tenantId;
    }

    void apply(RecordingDerived event, Instant now) {
        eventId = event.getEventId();
        sourceSha256 = event.getSourceSha256();
        objectKey = event.getObjectKey();
        sha256 = event.getSha256();
        sizeBytes = event.getSizeBytes();
        contentType = event.getContentType();
        codec = event.getCodec();
        bitrateBps = event.getBitrateBps();
        channels = event.getChannels();
        parameters = event.getParameters();
        derivedAt = event.getOccurredAt();
        updatedAt = now;
    }

    /** @return recording and rendition */
    public Key getKey() {
        return key;
    }

    /** @return the owning tenant */
    public String getTenantId() {
        return tenantId;
    }

    /** @return the checksum of the original it was derived from */
    public String getSourceSha256() {
        return sourceSha256;
    }

    /** @return its JSON in the catalog */
    public RenditionResponse toResponse() {
        return new RenditionResponse(key.rendition(), contentType, sizeBytes, sha256, codec, bitrateBps, channels,
                parameters, sourceSha256, derivedAt);
    }
}
