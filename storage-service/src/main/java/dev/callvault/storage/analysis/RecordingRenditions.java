package dev.callvault.storage.analysis;

import dev.callvault.events.ObjectKeys;
import dev.callvault.events.RecordingDerived;
import dev.callvault.platform.kafka.NonRetryableEventException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps each recording's latest {@code RecordingDerived} per rendition and lists them for the catalog's answers.
 */
@Service
public class RecordingRenditions {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final RecordingRenditionRepository renditions;
    private final Clock clock;

    RecordingRenditions(RecordingRenditionRepository renditions, Clock clock) {
        this.renditions = renditions;
        this.clock = clock;
    }

    /**
     * Checks what a fact must carry.
     *
     * @param event the fact
     * @throws NonRetryableEventException if it names no tenant, objects outside its tenant's prefix or malformed
     *                                    checksums
     */
    public void validate(RecordingDerived event) {
        if (event.getTenantId() == null || event.getTenantId().isBlank()) {
            throw new NonRetryableEventException("RecordingDerived " + event.getEventId() + " names no tenant");
        }
        if (!ObjectKeys.belongsTo(event.getSourceObjectKey(), event.getTenantId())
                || !ObjectKeys.belongsTo(event.getObjectKey(), event.getTenantId())) {
            throw new NonRetryableEventException("RecordingDerived " + event.getEventId()
                    + " names an object outside its tenant's prefix " + event.getTenantId() + "/");
        }
        if (!SHA256_HEX.matcher(event.getSourceSha256()).matches() || !SHA256_HEX.matcher(event.getSha256()).matches()
                || event.getSizeBytes() < 0) {
            throw new NonRetryableEventException("RecordingDerived " + event.getEventId()
                    + " carries a malformed checksum or a negative size");
        }
    }

    /**
     * Keeps a fact as the recording's rendition of its kind, replacing the one before.
     *
     * @param event the fact
     * @throws NonRetryableEventException if it is malformed, or the rendition so far belongs to another tenant
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(RecordingDerived event) {
        validate(event);
        RecordingRenditionEntry.Key key = new RecordingRenditionEntry.Key(event.getRecordingId(),
                event.getRendition());
        RecordingRenditionEntry entry = renditions.findById(key)
                .orElseGet(() -> new RecordingRenditionEntry(key, event.getTenantId()));
        if (!entry.getTenantId().equals(event.getTenantId())) {
            throw new NonRetryableEventException("RecordingDerived " + event.getEventId() + " names tenant "
                    + event.getTenantId() + ", the recording's rendition belongs to another");
        }
        entry.apply(event, clock.instant());
        renditions.save(entry);
    }

    /**
     * The renditions of many recordings at once (one query).
     *
     * @param recordingIds the recordings
     * @return their rows by recording id
     */
    @Transactional(readOnly = true)
    public Map<UUID, List<RecordingRenditionEntry>> all(Collection<UUID> recordingIds) {
        return renditions.findByKeyRecordingIdIn(recordingIds).stream()
                .collect(Collectors.groupingBy(entry -> entry.getKey().recordingId()));
    }

    /**
     * The renditions of a recording's current object.
     *
     * @param rows     the recording's rows
     * @param tenantId its tenant
     * @param sha256   its object's checksum, may be {@code null}
     * @return those derived from that object, by rendition
     */
    public static List<RenditionResponse> current(List<RecordingRenditionEntry> rows, String tenantId,
            String sha256) {
        if (rows == null || sha256 == null) {
            return List.of();
        }
        return rows.stream()
                .filter(row -> row.getTenantId().equals(tenantId) && row.getSourceSha256().equals(sha256))
                .map(RecordingRenditionEntry::toResponse)
                .sorted(java.util.Comparator.comparing(response -> response.rendition().name()))
                .toList();
    }

    /**
     * Removes a recording's renditions (its deletion).
     *
     * @param recordingId the recording
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(UUID recordingId) {
        renditions.deleteByKeyRecordingId(recordingId);
    }
}
