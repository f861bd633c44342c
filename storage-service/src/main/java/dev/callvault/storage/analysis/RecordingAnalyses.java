package dev.callvault.storage.analysis;

import dev.callvault.events.ObjectKeys;
import dev.callvault.events.RecordingAnalyzed;
import dev.callvault.platform.kafka.NonRetryableEventException;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps each recording's latest {@code RecordingAnalyzed} and finds it for the catalog's answers.
 */
@Service
public class RecordingAnalyses {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final RecordingAnalysisRepository analyses;
    private final Clock clock;

    RecordingAnalyses(RecordingAnalysisRepository analyses, Clock clock) {
        this.analyses = analyses;
        this.clock = clock;
    }

    /**
     * Checks what a fact must carry.
     *
     * @param event the fact
     * @throws NonRetryableEventException if it names no tenant, an object outside its tenant's prefix or a malformed
     *                                    checksum
     */
    public void validate(RecordingAnalyzed event) {
        if (event.getTenantId() == null || event.getTenantId().isBlank()) {
            throw new NonRetryableEventException("RecordingAnalyzed " + event.getEventId() + " names no tenant");
        }
        if (!ObjectKeys.belongsTo(event.getSourceObjectKey(), event.getTenantId())
                || (event.getPeaksObjectKey() != null
                    && !ObjectKeys.belongsTo(event.getPeaksObjectKey(), event.getTenantId()))) {
            throw new NonRetryableEventException("RecordingAnalyzed " + event.getEventId()
                    + " names an object outside its tenant's prefix " + event.getTenantId() + "/");
        }
        if (event.getSourceSha256() == null || !SHA256_HEX.matcher(event.getSourceSha256()).matches()) {
            throw new NonRetryableEventException("RecordingAnalyzed " + event.getEventId()
                    + " carries a checksum that is not 64 lowercase hex digits");
        }
    }

    /**
     * Keeps a fact as the recording's analysis, replacing the one before (facts of one recording arrive in order).
     *
     * @param event the fact, validated
     * @throws NonRetryableEventException if the recording's analysis so far belongs to another tenant
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(RecordingAnalyzed event) {
        validate(event);
        RecordingAnalysisEntry entry = analyses.findById(event.getRecordingId())
                .orElseGet(() -> new RecordingAnalysisEntry(event.getRecordingId(), event.getTenantId()));
        if (!entry.getTenantId().equals(event.getTenantId())) {
            throw new NonRetryableEventException("RecordingAnalyzed " + event.getEventId() + " names tenant "
                    + event.getTenantId() + ", the recording's analysis belongs to another");
        }
        entry.apply(event, clock.instant());
        analyses.save(entry);
    }

    /**
     * The analysis of a recording's current object.
     *
     * @param recordingId the recording
     * @param tenantId    its tenant
     * @param sha256      its object's checksum; {@code null} when it has no object
     * @return the analysis, when one of this object exists
     */
    @Transactional(readOnly = true)
    public Optional<AnalysisResponse> of(UUID recordingId, String tenantId, String sha256) {
        return analyses.findById(recordingId).filter(entry -> applies(entry, tenantId, sha256))
                .map(RecordingAnalysisEntry::toResponse);
    }

    /**
     * The analyses of many recordings at once (one query), for a page of the catalog.
     *
     * @param recordingIds the recordings
     * @return the rows by recording id
     */
    @Transactional(readOnly = true)
    public Map<UUID, RecordingAnalysisEntry> all(Collection<UUID> recordingIds) {
        return analyses.findAllById(recordingIds).stream()
                .collect(Collectors.toMap(RecordingAnalysisEntry::getRecordingId, Function.identity()));
    }

    /**
     * Whether a row describes a recording's current object.
     *
     * @param entry    the row, may be {@code null}
     * @param tenantId the recording's tenant
     * @param sha256   its object's checksum, may be {@code null}
     * @return whether tenant and checksum match
     */
    public static boolean applies(RecordingAnalysisEntry entry, String tenantId, String sha256) {
        return entry != null && sha256 != null && entry.getTenantId().equals(tenantId)
                && entry.getSourceSha256().equals(sha256);
    }

    /**
     * Removes a recording's analysis (its deletion).
     *
     * @param recordingId the recording
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(UUID recordingId) {
        analyses.deleteById(recordingId);
    }
}
