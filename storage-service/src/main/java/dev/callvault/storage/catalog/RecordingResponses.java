package dev.callvault.storage.catalog;

import dev.callvault.storage.analysis.RecordingAnalyses;
import dev.callvault.storage.analysis.RecordingAnalysisEntry;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Component;

/**
 * Builds the JSON of catalog entries with their analysis: the {@code recording_analysis} row of the entry's current
 * object (same tenant, same SHA-256), one query per entry or per page.
 */
@Component
public class RecordingResponses {

    private final RecordingAnalyses analyses;

    RecordingResponses(RecordingAnalyses analyses) {
        this.analyses = analyses;
    }

    /**
     * @param recording a catalog entry
     * @return its JSON shape, with its analysis when there is one
     */
    public RecordingResponse of(Recording recording) {
        return RecordingResponse.of(recording, analyses.of(recording.getId(), recording.getTenantId(),
                recording.getStoredObject().sha256()).orElse(null));
    }

    /**
     * @param page a page of entries
     * @return its JSON shape, each entry with its analysis
     */
    RecordingPageResponse page(Page<Recording> page) {
        Map<UUID, RecordingAnalysisEntry> rows = analyses.all(page.getContent().stream().map(Recording::getId)
                .toList());
        return new RecordingPageResponse(page.map(recording -> {
            RecordingAnalysisEntry row = rows.get(recording.getId());
            return RecordingResponse.of(recording, RecordingAnalyses.applies(row, recording.getTenantId(),
                    recording.getStoredObject().sha256()) ? row.toResponse() : null);
        }).getContent(), page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
