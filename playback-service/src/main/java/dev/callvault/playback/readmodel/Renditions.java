package dev.callvault.playback.readmodel;

import dev.callvault.events.ObjectKeys;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.Rendition;
import dev.callvault.platform.kafka.NonRetryableEventException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The renditions of the read model (table {@code rendition}): what media-worker derived from each recording's object,
 * fed by {@code RecordingDerived}, removed by {@code RecordingDeleted}.
 */
@Component
public class Renditions {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final JdbcTemplate jdbc;

    Renditions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A rendition of a recording.
     *
     * @param recordingId  the recording
     * @param rendition    which rendition
     * @param tenantId     its tenant
     * @param sourceSha256 SHA-256 of the original it was derived from
     * @param objectKey    its object key (in the recordings bucket)
     * @param contentType  its media type
     * @param sizeBytes    its size in bytes
     * @param sha256       SHA-256 of its bytes
     * @param derivedAt    when it was stored
     */
    public record StoredRendition(UUID recordingId, Rendition rendition, String tenantId, String sourceSha256,
            String objectKey, String contentType, long sizeBytes, String sha256, Instant derivedAt) {

        /**
         * @param recording the read model's row
         * @return whether this rendition was derived from the recording's current object
         */
        public boolean derivedFrom(PlaybackRecording recording) {
            return recording.getTenantId().equals(tenantId) && sourceSha256.equals(recording.getSha256());
        }
    }

    /**
     * Checks a fact before it is applied.
     *
     * @param event the fact
     * @throws NonRetryableEventException if it names no tenant, an object outside its tenant's prefix or malformed
     *                                    checksums
     */
    void validate(RecordingDerived event) {
        if (event.getTenantId() == null || event.getTenantId().isBlank()) {
            throw new NonRetryableEventException("RecordingDerived " + event.getEventId() + " names no tenant");
        }
        if (!ObjectKeys.belongsTo(event.getObjectKey(), event.getTenantId())
                || !SHA256_HEX.matcher(event.getSha256()).matches()
                || !SHA256_HEX.matcher(event.getSourceSha256()).matches() || event.getSizeBytes() < 0) {
            throw new NonRetryableEventException("RecordingDerived " + event.getEventId()
                    + " names an object outside its tenant's prefix or carries a malformed checksum or size");
        }
    }

    /**
     * Keeps a fact as the recording's rendition of its kind, replacing the one before.
     *
     * @param event the fact, validated
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void upsert(RecordingDerived event) {
        jdbc.update("""
                INSERT INTO rendition (recording_id, rendition, tenant_id, source_sha256, object_key, content_type,
                                       size_bytes, sha256, derived_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (recording_id, rendition) DO UPDATE SET
                    tenant_id = EXCLUDED.tenant_id, source_sha256 = EXCLUDED.source_sha256,
                    object_key = EXCLUDED.object_key, content_type = EXCLUDED.content_type,
                    size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256, derived_at = EXCLUDED.derived_at
                """, event.getRecordingId(), event.getRendition().name(), event.getTenantId(),
                event.getSourceSha256(), event.getObjectKey(), event.getContentType(), event.getSizeBytes(),
                event.getSha256(), java.sql.Timestamp.from(event.getOccurredAt()));
    }

    /**
     * Removes a recording's renditions.
     *
     * @param recordingId the recording
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void deleteAll(UUID recordingId) {
        jdbc.update("DELETE FROM rendition WHERE recording_id = ?", recordingId);
    }

    /**
     * @param recordingId the recording
     * @param rendition   which rendition
     * @return it, if media-worker stored one
     */
    public Optional<StoredRendition> find(UUID recordingId, Rendition rendition) {
        return jdbc.query("SELECT * FROM rendition WHERE recording_id = ? AND rendition = ?", (rs, row) -> row(rs),
                recordingId, rendition.name()).stream().findFirst();
    }

    /**
     * @param recording the read model's row
     * @return the renditions derived from its current object
     */
    public List<Rendition> current(PlaybackRecording recording) {
        return jdbc.query("SELECT * FROM rendition WHERE recording_id = ?", (rs, row) -> row(rs), recording.getId())
                .stream().filter(rendition -> rendition.derivedFrom(recording)).map(StoredRendition::rendition)
                .toList();
    }

    /**
     * @param recording the read model's row
     * @param rendition which rendition
     * @return it, if media-worker derived it from the recording's current object
     */
    public Optional<StoredRendition> current(PlaybackRecording recording, Rendition rendition) {
        return find(recording.getId(), rendition).filter(stored -> stored.derivedFrom(recording));
    }

    private static StoredRendition row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredRendition(rs.getObject("recording_id", UUID.class), Rendition.valueOf(rs.getString("rendition")),
                rs.getString("tenant_id"), rs.getString("source_sha256"), rs.getString("object_key"),
                rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getTimestamp("derived_at").toInstant());
    }
}
