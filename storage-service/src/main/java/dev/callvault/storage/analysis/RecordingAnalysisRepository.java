package dev.callvault.storage.analysis;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** The {@code recording_analysis} rows. */
interface RecordingAnalysisRepository extends JpaRepository<RecordingAnalysisEntry, UUID> {
}
