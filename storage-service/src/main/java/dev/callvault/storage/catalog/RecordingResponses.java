package dev.callvault.storage.catalog;

import dev.callvault.storage.analysis.RecordingAnalyses;
import dev.callvault.storage.analysis.RecordingAnalysisEntry;
import dev.callvault.storage.analysis.RecordingRenditionEntry;
import dev.callvault.storage.analysis.RecordingRenditions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;

/**
 * Builds the JSON of catalog entries with their analysis and renditions: the {@code recording_analysis} and
 * {@code recording_rendition} rows of the entry's current object (same tenant, same SHA-256), one query of each per
 * entry or per page.
 */
@Component
public class RecordingResponses {

    private final RecordingAnalyses analyses;
    private final RecordingRenditions renditions;

    RecordingResponses(RecordingAnalyses analyses, RecordingRenditions renditions) {
        this.analyses = analyses;
        this.renditions = renditions;
    }

    /**
     * @param recording a catalog entry
     * @return its JSON shape, with its analysis when there is one
     */
    public RecordingResponse of(Recording recording) {
        String sha256 = recording.getStoredObject().sha256();
        return RecordingResponse.of(recording,
                analyses.of(recording.getId(), recording.getTenantId(), sha256).orElse(null),
                RecordingRenditions.current(renditions.all(List.of(recording.getId())).get(recording.getId()),
                        recording.getTenantId(), sha256));
    }

    /**
     * @param page a page of entries
     * @return its JSON shape, each entry with its analysis
     */
    RecordingPageResponse page(Page<Recording> page) {
        List<UUID> ids = page.getContent().stream().map(Recording::getId).toList();
        Map<UUID, RecordingAnalysisEntry> rows = analyses.all(ids);
        Map<UUID, List<RecordingRenditionEntry>> derived = renditions.all(ids);
        return new RecordingPageResponse(page.map(recording -> {
            RecordingAnalysisEntry row = rows.get(recording.getId());
            String sha256 = recording.getStoredObject().sha256();
            return RecordingResponse.of(recording,
                    RecordingAnalyses.applies(row, recording.getTenantId(), sha256) ? row.toResponse() : null,
                    RecordingRenditions.current(derived.get(recording.getId()), recording.getTenantId(), sha256));
        }).getContent(), page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
